using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>Driver logs (Information and above) into the test's trace, so a failover's story can be read afterwards.</summary>
internal sealed class TraceLoggerFactory(Xunit.Abstractions.ITestOutputHelper output, string label) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TraceLogger(output, label);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class TraceLogger(Xunit.Abstractions.ITestOutputHelper output, string label) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            try
            {
                Trace.Line(output, $"  ({label} {logLevel}) {formatter(state, exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has ended; a late log line from a background loop has nowhere to go.
            }
        }
    }
}
