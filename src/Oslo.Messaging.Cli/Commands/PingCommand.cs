using System.CommandLine;
using System.Text.Json;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Commands;

/// <summary><c>oslomsg ping</c>: calls oslo's built-in <c>oslo_rpc_server_ping</c> and prints the answer ("pong").</summary>
internal static class PingCommand
{
    /// <summary>oslo's ping method, answered when the server enables it (<c>rpc_ping_enabled</c>, <c>RpcServerOptions.PingEnabled</c>).</summary>
    public const string PingMethod = "oslo_rpc_server_ping";

    public static Command Create(CommandRunner runner)
    {
        var target = new TargetOptionSet(withInterface: false, "Seconds to wait for the answer.");
        var command = new Command("ping", "Ping the servers of a topic (or one with --server); prints \"pong\". The server must have ping enabled.");
        target.AddTo(command);
        command.SetAction((parse, cancellationToken) => runner.RunAsync(parse, async (options, settings) =>
        {
            await using var transport = await Transport.CreateAsync(target.GetUrl(parse, settings), options, cancellationToken).ConfigureAwait(false);
            var client = target.CreateClient(transport, parse, settings);
            var result = await client.CallAsync<RpcArguments, JsonElement>(target.GetContext(parse), PingMethod, RpcArguments.None, cancellationToken).ConfigureAwait(false);
            // oslo answers the string "pong"; print it bare, anything else as JSON.
            var text = result.ValueKind == JsonValueKind.String ? result.GetString() : CallCommand.ToJson(result);
            await runner.Environment.Out.WriteLineAsync(text).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
