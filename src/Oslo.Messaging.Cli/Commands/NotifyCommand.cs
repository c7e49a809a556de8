using System.CommandLine;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Commands;

/// <summary><c>oslomsg notify</c>: sends one notification with oslo's messaging driver; exits 0 once the broker confirmed it.</summary>
internal static class NotifyCommand
{
    public static Command Create(CommandRunner runner)
    {
        var url = CommonOptions.Url();
        var topics = NotificationOptions.Topics();
        var publisherId = new Option<string>("--publisher-id") { Description = "The publisher id, e.g. compute.host1.", Required = true };
        var priority = NotificationOptions.Priority();
        var driver = new Option<string>("--driver") { Description = "messagingv2 (default, v2 envelope) or messaging (v1, bare message).", DefaultValueFactory = _ => "messagingv2" };
        driver.AcceptOnlyFromAmong("messagingv2", "messaging");
        var timeout = CommonOptions.Timeout("Seconds allowed for the broker to confirm the notification.");
        var context = CommonOptions.Context();
        var eventType = new Argument<string>("event-type") { Description = "The event type, e.g. compute.instance.create.end." };
        var payload = CommonOptions.MethodArguments();
        payload.Description = "Payload fields key=json: the value is parsed as JSON and taken as a plain string when it is not valid JSON.";
        var command = new Command("notify", "Send one notification to <topic>.<priority> on the control exchange; prints \"sent\" once the broker confirmed it.");
        foreach (var option in new Option[] { url, topics, publisherId, priority, driver, timeout, context })
        {
            command.Options.Add(option);
        }

        command.Arguments.Add(eventType);
        command.Arguments.Add(payload);
        command.SetAction((parse, cancellationToken) => runner.RunAsync(parse, async (options, settings) =>
        {
            await using var transport = await Transport.CreateAsync(CommandRunner.ResolveUrl(parse.GetValue(url), settings, notifications: true), options, cancellationToken).ConfigureAwait(false);
            // The file gives topics and retry; the driver is the command's (a config that turns notifications off
            // would make notify send nothing).
            var notifier = new Notifier(transport, new NotifierOptions
            {
                PublisherId = parse.GetRequiredValue(publisherId),
                Topics = CommonOptions.IsGiven(parse, topics) ? parse.GetRequiredValue(topics) : settings.NotificationTopics ?? parse.GetRequiredValue(topics),
                Drivers = [NotificationDriver.FromName(parse.GetRequiredValue(driver))],
                Retry = settings.NotificationRetry,
                ThrowOnSendFailure = true,
            });
            var seconds = parse.GetValue(timeout);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
            try
            {
                await notifier.NotifyAsync(NotificationOptions.ParsePriority(parse.GetRequiredValue(priority)),
                    new RequestContext(KeyValueArguments.Parse(parse.GetValue(context))), parse.GetRequiredValue(eventType),
                    KeyValueArguments.Parse(parse.GetValue(payload)), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new MessagingTimeoutException($"The broker did not confirm the notification within {seconds} s");
            }

            await runner.Environment.Out.WriteLineAsync("sent").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
