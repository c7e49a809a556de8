using System.Text;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>A thread-safe in-memory writer for the CLI's stdout/stderr that can be awaited for a whole line (serve's READY).</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private readonly List<(string Line, TaskCompletionSource Seen)> _waiters = [];

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

    /// <summary>The complete lines written so far.</summary>
    public string[] Lines => Text.Split('\n').SkipLast(1).Select(l => l.TrimEnd('\r')).ToArray();

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
            var lines = Lines.ToHashSet(StringComparer.Ordinal);
            foreach (var (_, seen) in _waiters.Where(w => lines.Contains(w.Line)))
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

    /// <summary>Completes once <paramref name="line"/> was written as a whole line (also when it already was).</summary>
    public Task WaitForLineAsync(string line)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiters.Add((line, seen));
        }

        Write(""); // checks what was written before the waiter existed
        return seen.Task;
    }
}
