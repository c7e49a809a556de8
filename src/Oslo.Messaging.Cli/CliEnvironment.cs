using Microsoft.Extensions.Logging;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli;

/// <summary>
/// What the commands talk to: the output writers, how transport options are made and how logging is set up.
/// Program uses the console; tests inject writers they read and options bound to a shared in-memory broker.
/// </summary>
/// <param name="Out">Results (call's JSON, "pong", "READY", the demo's steps).</param>
/// <param name="Error">Errors and diagnostics.</param>
/// <param name="CreateTransportOptions">Fresh transport options (drivers, remote exceptions) for one command run.</param>
/// <param name="CreateLoggerFactory">The logger factory for one command run; the argument is <c>--verbose</c>.</param>
/// <param name="ErrorIsTerminal">stderr is a terminal: live counts redraw one status line in place.</param>
/// <param name="StatusPeriod">How often live counts are looked at; null = their defaults (tests shorten it).</param>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    Func<TransportOptions> CreateTransportOptions,
    Func<bool, ILoggerFactory> CreateLoggerFactory,
    bool ErrorIsTerminal = false,
    TimeSpan? StatusPeriod = null)
{
    /// <summary>The real process: console writers, every registered driver, console logging to stderr.</summary>
    public static CliEnvironment FromConsole() =>
        new(Console.Out, Console.Error, TransportOptionsFactory.Create, ConsoleLogging.Create, ErrorIsTerminal: !Console.IsErrorRedirected);

    /// <summary>A live count on stderr, or none with <c>--quiet</c>.</summary>
    public Status.LiveCount? LiveCount(bool quiet, Func<long, string> describe) =>
        quiet ? null : new Status.LiveCount(Error, describe, ErrorIsTerminal, StatusPeriod);
}
