using System.Text;

namespace Oslo.Messaging.Testing;

/// <summary>A thread-safe in-memory writer that can be awaited for a line (e.g. serve's READY).</summary>
public sealed class CapturingWriter : TextWriter
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource Seen)> _waiters = [];
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource Seen)> _textWaiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>The complete lines written so far, without line terminators.</summary>
    public string[] Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
            var lines = _text.ToString().Split('\n').SkipLast(1).Select(l => l.TrimEnd('\r')).ToArray();
            foreach (var (matches, seen) in _waiters.Where(w => lines.Any(w.Matches)))
            {
                seen.TrySetResult();
            }

            var text = _text.ToString();
            foreach (var (matches, seen) in _textWaiters.Where(w => w.Matches(text)))
            {
                seen.TrySetResult();
            }
        }
    }

    public override void WriteLine(string? value) => Write(value + "\n");

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Completes once <paramref name="line"/> was written as a whole line (also when already written).</summary>
    public Task WaitForLineAsync(string line) => WaitForLineAsync(l => string.Equals(l, line, StringComparison.Ordinal));

    /// <summary>Completes once a whole line matching <paramref name="matches"/> was written (also when already written).</summary>
    public Task WaitForLineAsync(Func<string, bool> matches)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiters.Add((matches, seen));
        }
        Write(""); // checks the text written before the waiter existed
        return seen.Task;
    }

    /// <summary>Completes once the whole text written matches <paramref name="matches"/> (for output that is not in
    /// lines, such as a status line redrawn in place).</summary>
    public Task WaitForTextAsync(Func<string, bool> matches)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _textWaiters.Add((matches, seen));
        }
        Write("");
        return seen.Task;
    }
}
