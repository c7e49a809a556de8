namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>The kinds cast to one server's <c>note</c>, in order; a test awaits a kind instead of polling.</summary>
public sealed class NoteBook
{
    private readonly Lock _lock = new();
    private readonly List<string> _notes = [];
    private readonly List<(string Kind, TaskCompletionSource Seen)> _waiters = [];

    public string[] Notes
    {
        get
        {
            lock (_lock)
            {
                return [.. _notes];
            }
        }
    }

    public void Add(string kind)
    {
        lock (_lock)
        {
            _notes.Add(kind);
            foreach (var waiter in _waiters.Where(w => w.Kind == kind))
            {
                waiter.Seen.TrySetResult();
            }
        }
    }

    /// <summary>Completes when <paramref name="kind"/> was noted (also before the call); <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string kind, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_notes.Contains(kind))
            {
                return;
            }

            _waiters.Add((kind, seen));
        }

        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'{kind}' was not noted within {timeout}; notes: [{string.Join(", ", Notes)}]");
        }
    }

    /// <summary>How often <paramref name="kind"/> was noted.</summary>
    public int Count(string kind)
    {
        lock (_lock)
        {
            return _notes.Count(n => n == kind);
        }
    }
}
