using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Testing;

/// <summary>
/// A logger factory that keeps every entry at every level, for tests that check what was logged and at which level.
/// Pass it as <c>TransportOptions.LoggerFactory</c>.
/// </summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly Lock _lock = new();
    private readonly List<CapturedLogEntry> _entries = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A snapshot of the entries written so far.</summary>
    public IReadOnlyList<CapturedLogEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Waits until an entry matching <paramref name="predicate"/> has been written.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/>; the message lists what was logged.</exception>
    public async Task<CapturedLogEntry> WaitForAsync(Func<CapturedLogEntry, bool> predicate, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var found = _entries.Find(e => predicate(e));
                if (found is not null)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching log entry within {timeout}. Logged:\n{string.Join("\n", Entries)}");
            }
        }
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <inheritdoc/>
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The capturing factory has no providers");

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void Add(CapturedLogEntry entry)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _entries.Add(entry);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class CapturingLogger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new CapturedLogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
