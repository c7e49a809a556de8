using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>A logger factory that keeps every entry (level, category, text, exception type) of the .NET servers.</summary>
internal sealed class CapturedLog : ILoggerFactory
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, string Category, string Text)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public override string ToString() => string.Join('\n', Entries.Select(e => $"{e.Level} {e.Category}: {e.Text}"));

    private void Add(LogLevel level, string category, string text)
    {
        lock (_lock)
        {
            _entries.Add((level, category, text));
        }
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Add(logLevel, category, formatter(state, exception) + (exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]"));
    }
}
