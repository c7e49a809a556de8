using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.Cli.Demo;

namespace Oslo.Messaging.Cli.Commands;

/// <summary><c>oslomsg demo</c>: runs <see cref="DemoScenario"/> and exits 0 only if every step behaved as expected.</summary>
internal static class DemoCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command(
            "demo",
            "Run a self-checking scenario on the in-memory transport: load-balanced, directed and fanout messages, versions, " +
            "namespaces, expected and remote exceptions, a timeout. Exit code 0 only if every step behaved as expected.");
        command.SetAction((parse, cancellationToken) => runner.RunAsync(parse, async (options, _) =>
        {
            // The servers' error logs for the demo's deliberate failures are noise unless asked for with --verbose.
            var loggerFactory = runner.IsVerbose(parse) ? options.LoggerFactory : NullLoggerFactory.Instance;
            await using var scenario = new DemoScenario(runner.Environment.Out, loggerFactory);
            return await scenario.RunAsync(cancellationToken).ConfigureAwait(false) ? ExitCodes.Ok : ExitCodes.DemoFailed;
        }, cancellationToken));
        return command;
    }
}
