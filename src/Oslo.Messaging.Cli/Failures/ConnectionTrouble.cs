using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Cli.Failures;

/// <summary>
/// Remembers the transport's last connection failure, read from its log events, so that a command that gave up can say
/// why in one line ("connection refused") even though the failure it got is only "not sent within 3 s": the driver keeps
/// reconnecting in the background and reports each attempt in its log, not in the send's exception.
/// </summary>
/// <param name="notice">For commands that wait for the broker indefinitely (serve, listen): where a failure is announced
/// once per distinct reason, so a person sees why nothing happens without every reconnect attempt. Null: silent.</param>
internal sealed class ConnectionTrouble(TextWriter? notice = null) : ILoggerProvider
{
    /// <summary>The RabbitMQ driver's events for a failed connection attempt, a lost connection and a failed consumer
    /// set-up (RabbitMqLog 102, 103, 104); each carries a <c>Reason</c>.</summary>
    private static readonly HashSet<int> _connectionEvents = [102, 103, 104];

    private readonly Lock _lock = new();
    private string? _lastReason;

    /// <summary>The reason of the last failed connection attempt, or null when none failed.</summary>
    public string? LastReason
    {
        get
        {
            lock (_lock)
            {
                return _lastReason;
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName.StartsWith("Oslo.Messaging.RabbitMq", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private void Record(string reason)
    {
        lock (_lock)
        {
            if (notice is not null && reason != _lastReason)
            {
                notice.WriteLine($"warning: {FailureText.Unreachable(reason)}; retrying (--verbose shows every attempt)");
                notice.Flush();
            }

            _lastReason = reason;
        }
    }

    private sealed class Recorder(ConnectionTrouble owner, bool isDriver) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => isDriver;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (isDriver && _connectionEvents.Contains(eventId.Id) && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                foreach (var (key, value) in fields)
                {
                    if (key == "Reason" && value is string reason)
                    {
                        owner.Record(reason);
                    }
                }
            }
        }
    }
}
