using System.CommandLine;
using Oslo.Messaging.Cli.Serve;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Commands;

/// <summary>
/// <c>oslomsg serve</c>: runs an RPC server with <see cref="ServeEndpoint"/> until Ctrl-C (or cancellation),
/// printing <c>READY</c> on its own line once it listens, so scripts can wait for it.
/// </summary>
internal static class ServeCommand
{
    /// <summary>How long a stopping server waits for in-flight requests before aborting pending sleeps.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    public const string ReadyLine = "READY";

    public static Command Create(CommandRunner runner)
    {
        var url = CommonOptions.Url();
        var topic = CommonOptions.Topic();
        var server = CommonOptions.Server(required: true, "This server's name (it also listens on topic.server).");
        var exchange = CommonOptions.Exchange();
        var ping = new Option<bool>("--ping") { Description = "Answer oslo_rpc_server_ping with \"pong\" (oslo's rpc_ping_enabled)." };
        var quiet = CommonOptions.Quiet("served");
        var command = new Command("serve", "Serve echo(payload), sleep(seconds) and fail(message) until Ctrl-C; prints READY once listening.");
        command.Options.Add(url);
        command.Options.Add(topic);
        command.Options.Add(server);
        command.Options.Add(exchange);
        command.Options.Add(ping);
        command.Options.Add(quiet);
        command.SetAction((parse, cancellationToken) => runner.RunAsync(parse, async (options, settings) =>
        {
            var target = new Target(parse.GetRequiredValue(topic), parse.GetRequiredValue(server), exchange: parse.GetValue(exchange));
            var serverOptions = settings.ApplyTo(new RpcServerOptions());
            if (CommonOptions.IsGiven(parse, ping))
            {
                serverOptions = serverOptions with { PingEnabled = parse.GetValue(ping) };
            }

            var pingEnabled = serverOptions.PingEnabled;
            await using var transport = await Transport.CreateAsync(CommandRunner.ResolveUrl(parse.GetValue(url), settings), options, cancellationToken).ConfigureAwait(false);
            using var abort = new CancellationTokenSource();
            using var count = runner.Environment.LiveCount(parse.GetValue(quiet), n => n == 1 ? "1 call served" : $"{n} calls served");
            var rpcServer = new RpcServer(transport, target, [new ServeApiEndpoint(new ServeEndpoint(abort.Token, count is null ? null : count.Increment))], serverOptions);
            await rpcServer.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var methods = string.Join(", ", pingEnabled ? [.. ServeEndpoint.Methods, PingCommand.PingMethod] : ServeEndpoint.Methods);
                var output = runner.Environment.Out;
                await output.WriteLineAsync($"serving {target} on {transport.Url}: {methods}; Ctrl-C stops").ConfigureAwait(false);
                await output.WriteLineAsync(ReadyLine).ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await UntilCancelledAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await StopAsync(rpcServer, abort).ConfigureAwait(false);
                count?.WriteSummary();
            }
            await runner.Environment.Out.WriteLineAsync("stopped").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, cancellationToken, waitsForBroker: true));
        return command;
    }

    /// <summary>Stops taking requests, lets in-flight ones finish within <see cref="ShutdownGrace"/>, then aborts the rest.</summary>
    private static async Task StopAsync(RpcServer server, CancellationTokenSource abort)
    {
        await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await server.WaitAsync(CancellationToken.None).WaitAsync(ShutdownGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await abort.CancelAsync().ConfigureAwait(false);
            await server.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Completes (without throwing) once <paramref name="cancellationToken"/> is cancelled: cancellation is how serve ends.</summary>
    private static async Task UntilCancelledAsync(CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => cancelled.TrySetResult()))
        {
            await cancelled.Task.ConfigureAwait(false);
        }
    }
}
