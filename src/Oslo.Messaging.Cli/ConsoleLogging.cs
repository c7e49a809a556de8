using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Cli;

/// <summary>Console logging for the tool: everything to stderr (stdout carries results), Warning by default, Debug with --verbose.</summary>
/// <remarks>Without --verbose the RabbitMQ driver's own log is left out: it is reconnect chatter (every attempt, as an
/// error) while the command waits, and the command ends with one line saying what failed and why
/// (<see cref="Failures.FailureText"/>).</remarks>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
        if (!verbose)
        {
            builder.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>("Oslo.Messaging.RabbitMq", LogLevel.None);
        }

        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
    });
}
