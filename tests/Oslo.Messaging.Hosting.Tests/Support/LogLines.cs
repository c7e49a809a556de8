using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Hosting.Tests.Support;

/// <summary>A logger provider whose formatted lines a test awaits.</summary>
public sealed class LogLines : ILoggerProvider
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>Waits for a line containing <paramref name="text"/>.</summary>
    public async Task<string> WaitForAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TestHosts.Wait);
        await foreach (var line in _lines.Reader.ReadAllAsync(timeout.Token))
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException("the log ended");
    }

    public void Dispose() => _lines.Writer.TryComplete();

    private sealed class Logger(LogLines owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Writer.TryWrite(formatter(state, exception));
    }
}
