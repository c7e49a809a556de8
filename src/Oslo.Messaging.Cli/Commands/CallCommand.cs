using System.CommandLine;
using System.Text.Json;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Commands;

/// <summary><c>oslomsg call</c>: calls a remote method and prints its result as JSON.</summary>
internal static class CallCommand
{
    public static Command Create(CommandRunner runner)
    {
        var target = new TargetOptionSet(withInterface: true, "Seconds to wait for the reply.");
        var method = CommonOptions.Method("The remote method's name, e.g. get_instance.");
        var args = CommonOptions.MethodArguments();
        var command = new Command("call", "Call a remote method and print its result as JSON on stdout.");
        target.AddTo(command);
        command.Arguments.Add(method);
        command.Arguments.Add(args);
        command.SetAction((parse, cancellationToken) => runner.RunAsync(parse, async (options, settings) =>
        {
            await using var transport = await Transport.CreateAsync(target.GetUrl(parse, settings), options, cancellationToken).ConfigureAwait(false);
            var client = target.CreateClient(transport, parse, settings);
            var result = await client.CallAsync<RpcArguments, JsonElement>(
                target.GetContext(parse),
                parse.GetRequiredValue(method),
                new RpcArguments(KeyValueArguments.Parse(parse.GetValue(args))),
                cancellationToken).ConfigureAwait(false);
            await runner.Environment.Out.WriteLineAsync(ToJson(result)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>The result as one line of JSON; a method returning nothing prints <c>null</c>.</summary>
    internal static string ToJson(JsonElement result) =>
        result.ValueKind == JsonValueKind.Undefined ? "null" : JsonSerializer.Serialize(result, CliJson.Default.JsonElement);
}
