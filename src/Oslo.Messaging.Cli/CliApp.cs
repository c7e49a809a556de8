using System.CommandLine;
using Oslo.Messaging.Cli.Commands;

namespace Oslo.Messaging.Cli;

/// <summary>Builds the <c>oslomsg</c> command tree from a <see cref="CliEnvironment"/> and runs it; Program and the tests both go through here.</summary>
internal static class CliApp
{
    /// <summary>How long Ctrl-C waits for a command to wind down (serve drains in-flight requests) before the process exits anyway.</summary>
    public static readonly TimeSpan ProcessTerminationTimeout = ServeCommand.ShutdownGrace + TimeSpan.FromSeconds(5);

    public static RootCommand Build(CliEnvironment environment)
    {
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Log at Debug level to stderr (default: warnings only).",
            Recursive = true,
        };
        var configFiles = CommonOptions.ConfigFile();
        var runner = new CommandRunner(environment, verbose, configFiles);
        var root = new RootCommand("oslomsg: OpenStack oslo.messaging RPC and notifications from the command line (call, cast, ping, serve, notify, listen) and a self-checking demo.")
        {
            CallCommand.Create(runner),
            CastCommand.Create(runner),
            PingCommand.Create(runner),
            ServeCommand.Create(runner),
            NotifyCommand.Create(runner),
            ListenCommand.Create(runner),
            DemoCommand.Create(runner),
        };
        root.Options.Add(verbose);
        root.Options.Add(configFiles);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>. Parse errors print the reason and help, and exit with <see cref="ExitCodes.Usage"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">Writers, transport options and logging.</param>
    /// <param name="handleProcessTermination">Turn Ctrl-C/SIGTERM into cancellation (the real process; not in tests).</param>
    /// <param name="cancellationToken">Ends the command: serve stops cleanly, call/cast/ping give up.</param>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, bool handleProcessTermination, CancellationToken cancellationToken = default)
    {
        var root = Build(environment);
        // Response files (@file) are off: a method argument may legitimately start with '@'.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            ProcessTerminationTimeout = handleProcessTermination ? ProcessTerminationTimeout : null,
        };
        var code = await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
    }
}
