using System.CommandLine;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Commands;

/// <summary><c>oslomsg cast</c>: sends a one-way message (optionally to every server of the topic).</summary>
internal static class CastCommand
{
    public static Command Create(CommandRunner runner)
    {
        var target = new TargetOptionSet(withInterface: true, "Seconds allowed to hand the message to the broker.");
        var fanout = new Option<bool>("--fanout") { Description = "Broadcast to every server listening on the topic." };
        var method = CommonOptions.Method("The remote method's name.");
        var args = CommonOptions.MethodArguments();
        var command = new Command("cast", "Send a one-way message (no reply, no result); prints \"sent\" once the transport took it.");
        target.AddTo(command);
        command.Options.Add(fanout);
        command.Arguments.Add(method);
        command.Arguments.Add(args);
        command.SetAction((parse, cancellationToken) => runner.RunAsync(parse, async (options, settings) =>
        {
            await using var transport = await Transport.CreateAsync(target.GetUrl(parse, settings), options, cancellationToken).ConfigureAwait(false);
            var client = target.CreateClient(transport, parse, settings, parse.GetValue(fanout));
            await client.CastAsync(
                target.GetContext(parse),
                parse.GetRequiredValue(method),
                new RpcArguments(KeyValueArguments.Parse(parse.GetValue(args))),
                cancellationToken).ConfigureAwait(false);
            await runner.Environment.Out.WriteLineAsync("sent").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
