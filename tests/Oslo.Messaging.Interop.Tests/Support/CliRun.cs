using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.Cli;
using Oslo.Messaging.Testing;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>
/// The real <c>oslomsg</c> command tree run in-process (as Program runs it, with every shipped driver: rabbit:// included),
/// its stdout and stderr captured.
/// </summary>
internal sealed class CliRun
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public CapturingWriter Out { get; } = new();

    public CapturingWriter Error { get; } = new();

    /// <summary>Runs <c>oslomsg <paramref name="args"/></c> to completion (bounded by <see cref="Patience"/>) and returns its exit code.</summary>
    public Task<int> RunAsync(params string[] args) => StartAsync(CancellationToken.None, args).WaitAsync(Patience);

    /// <summary>Starts <c>oslomsg <paramref name="args"/></c>; <paramref name="cancellationToken"/> is its Ctrl-C.</summary>
    public Task<int> StartAsync(CancellationToken cancellationToken, params string[] args) =>
        CliApp.RunAsync(args, new CliEnvironment(Out, Error, TransportOptionsFactory.Create, _ => NullLoggerFactory.Instance), handleProcessTermination: false, cancellationToken);

    /// <summary>The command's output, for failure messages.</summary>
    public override string ToString() => $"stdout: {Out.Text}\nstderr: {Error.Text}";
}
