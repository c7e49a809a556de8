using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Oslo.Messaging.Cli.Listen;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Commands;

/// <summary>
/// <c>oslomsg listen</c>: prints notifications, one per line, until Ctrl-C. By default through a private, temporary
/// pool queue, so it never takes notifications away from the cloud's own consumers and leaves no queue behind.
/// </summary>
internal static class ListenCommand
{
    public const string ReadyLine = "READY";

    public static Command Create(CommandRunner runner)
    {
        var url = CommonOptions.Url();
        var topics = NotificationOptions.Topics();
        var exchange = CommonOptions.Exchange();
        var priorities = new Option<string[]>("--priority") { Description = "A priority to receive (repeatable); default all." };
        priorities.AcceptOnlyFromAmong(NotificationOptions.PriorityNames);
        var eventType = new Option<string>("--event-type") { Description = "Only event types matching this regular expression (from the start, as oslo's filters)." };
        var publisherId = new Option<string>("--publisher-id") { Description = "Only publisher ids matching this regular expression (from the start)." };
        var pool = new Option<string>("--pool") { Description = "Share the queue of this pool (kept after listen ends; listeners of the pool share the notifications)." };
        var shared = new Option<bool>("--shared-queues") { Description = "Consume the default <topic>.<priority> queues, TAKING notifications from the cloud's own consumers." };
        var quiet = CommonOptions.Quiet("received");
        var format = new Option<string>("--format") { Description = "json (default: one JSON object per line) or pretty.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "pretty");
        var command = new Command("listen", "Print notifications (JSON lines) until Ctrl-C, through a private temporary pool unless --pool or --shared-queues says otherwise.");
        foreach (var option in new Option[] { url, topics, exchange, priorities, eventType, publisherId, pool, shared, format, quiet })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(pool) is not null && result.GetValue(shared))
            {
                result.AddError("--pool and --shared-queues exclude each other");
            }
        });
        command.SetAction((parse, cancellationToken) => runner.RunAsync(parse, async (options, settings) =>
        {
            using var count = runner.Environment.LiveCount(parse.GetValue(quiet), n => n == 1 ? "1 notification received" : $"{n} notifications received");
            var printer = new NotificationPrinter(runner.Environment.Out, parse.GetValue(format) == "pretty", count);
            var filter = new NotificationFilter(publisherId: parse.GetValue(publisherId), eventType: parse.GetValue(eventType));
            var chosen = parse.GetValue(priorities) is { Length: > 0 } names
                ? names.Select(NotificationOptions.ParsePriority).Distinct()
                : Enum.GetValues<NotificationPriority>();
            var pooling = parse.GetValue(shared) ? new NotificationListenerOptions()
                : parse.GetValue(pool) is { } named ? new NotificationListenerOptions { Pool = named }
                : new NotificationListenerOptions { Pool = "oslomsg-listen-" + Guid.NewGuid().ToString("N"), TemporaryPool = true };
            var listenerOptions = pooling with { Executor = RpcExecutor.Blocking }; // printed in arrival order
            var topicNames = CommonOptions.IsGiven(parse, topics) ? parse.GetRequiredValue(topics) : settings.NotificationTopics ?? parse.GetRequiredValue(topics);
            var targets = topicNames.Select(t => new Target(t, exchange: parse.GetValue(exchange))).ToArray();
            await using var transport = await Transport.CreateAsync(CommandRunner.ResolveUrl(parse.GetValue(url), settings, notifications: true), options, cancellationToken).ConfigureAwait(false);
            var listener = CreateListener(transport, targets, [.. chosen.Select(p => PriorityEndpoint.For(p, printer, filter))], listenerOptions);
            await listener.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var queues = string.Join(", ", listener.Bindings.Select(b => b.Queue).Distinct());
                await runner.Environment.Error.WriteLineAsync($"listening on {transport.Url} (queues: {queues}); Ctrl-C stops").ConfigureAwait(false);
                await runner.Environment.Error.WriteLineAsync(ReadyLine).ConfigureAwait(false);
                await runner.Environment.Error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await UntilCancelledAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await listener.DisposeAsync().ConfigureAwait(false); // finishes what it took; a temporary pool queue is deleted
                count?.WriteSummary();
            }

            return ExitCodes.Ok;
        }, cancellationToken, waitsForBroker: true));
        return command;
    }

    /// <summary>Completes (without throwing) once <paramref name="cancellationToken"/> is cancelled: cancellation is how listen ends.</summary>
    private static async Task UntilCancelledAsync(CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => cancelled.TrySetResult()))
        {
            await cancelled.Task.ConfigureAwait(false);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Notification endpoints are bound by reflection; DynamicDependency keeps the public methods of every endpoint type passed here, so the native oslomsg finds them.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(AuditEndpoint))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(DebugEndpoint))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(InfoEndpoint))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(WarnEndpoint))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(ErrorEndpoint))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(CriticalEndpoint))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(SampleEndpoint))]
    private static NotificationListener CreateListener(Transport transport, Target[] targets, PriorityEndpoint[] endpoints, NotificationListenerOptions options) =>
        new(transport, targets, endpoints, options);
}
