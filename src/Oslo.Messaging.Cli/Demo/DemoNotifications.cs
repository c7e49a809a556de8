using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Transports;
using static Oslo.Messaging.Cli.Demo.DemoCheckException;

namespace Oslo.Messaging.Cli.Demo;

/// <summary>
/// The demo's notification steps: a notifier, two listeners in different pools (each gets a copy), a filter that
/// skips an event, and a requeued notification delivered again. Listeners are owned by the caller's scenario.
/// </summary>
internal sealed class DemoNotifications(Func<CancellationToken, Task<Transport>> createTransport, List<NotificationListener> listeners)
{
    public const string Topic = "demo_notifications";

    private readonly PoolInbox _audit = new("audit", filter: null);
    private readonly PoolInbox _billing = new("billing", new NotificationFilter(eventType: @"order\."));
    private Notifier? _notifier;

    private Notifier Notifier => _notifier ?? throw new InvalidOperationException("The notifier is created by the pools step");

    /// <summary>Two pools, each receiving its own copy of one notification.</summary>
    public async Task<string> PoolsAsync(CancellationToken cancellationToken)
    {
        foreach (var inbox in new[] { _audit, _billing })
        {
            var listener = CreateListener(await createTransport(cancellationToken).ConfigureAwait(false), inbox,
                new NotificationListenerOptions { Pool = inbox.Pool });
            listeners.Add(listener);
            await listener.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        _notifier = new Notifier(await createTransport(cancellationToken).ConfigureAwait(false),
            new NotifierOptions { PublisherId = "shop.host1", Topics = [Topic], ThrowOnSendFailure = true });
        await Notifier.InfoAsync(new RequestContext { UserId = "alice" }, "order.placed", Payload(1), cancellationToken).ConfigureAwait(false);
        var inAudit = await _audit.NextAsync(cancellationToken).ConfigureAwait(false);
        var inBilling = await _billing.NextAsync(cancellationToken).ConfigureAwait(false);
        Expect(inAudit == "order.placed" && inBilling == "order.placed", $"pools received {inAudit} and {inBilling}");
        return "info order.placed received by pool audit and pool billing";
    }

    /// <summary>The billing pool's filter (event type order.*) skips an inventory event the audit pool gets.</summary>
    public async Task<string> FilterAsync(CancellationToken cancellationToken)
    {
        await Notifier.InfoAsync(null, "inventory.checked", null, cancellationToken).ConfigureAwait(false);
        await Notifier.InfoAsync(null, "order.shipped", null, cancellationToken).ConfigureAwait(false);
        var audit = new[] { await _audit.NextAsync(cancellationToken).ConfigureAwait(false), await _audit.NextAsync(cancellationToken).ConfigureAwait(false) };
        var billing = await _billing.NextAsync(cancellationToken).ConfigureAwait(false);
        // Both, in either order: the pool's listener runs the pooled executor, which keeps no order (docs/notifications.md);
        // a CI run saw "order.shipped, inventory.checked".
        Array.Sort(audit, StringComparer.Ordinal);
        Expect(audit is ["inventory.checked", "order.shipped"], $"audit received {string.Join(", ", audit)}");
        Expect(billing == "order.shipped", $"billing's first after the filter was {billing}, not order.shipped");
        return "billing (filter event_type=order\\.) skipped inventory.checked, audit got it";
    }

    /// <summary>An endpoint asks to requeue its first delivery; the listener allows it, so it comes again.</summary>
    public async Task<string> RequeueAsync(CancellationToken cancellationToken)
    {
        var retry = new RetryOnce();
        var listener = CreateListener(await createTransport(cancellationToken).ConfigureAwait(false), retry,
            new NotificationListenerOptions { Pool = "retry", AllowRequeue = true });
        listeners.Add(listener);
        await listener.StartAsync(cancellationToken).ConfigureAwait(false);
        await Notifier.ErrorAsync(null, "payment.failed", Payload(2), cancellationToken).ConfigureAwait(false);
        var deliveries = await retry.HandledAfter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        Expect(deliveries == 2, $"payment.failed was delivered {deliveries} times, expected 2");
        return "error payment.failed requeued once (AllowRequeue), delivered again and handled";
    }

    /// <summary>A payload whose type the built-in JSON metadata knows: the native oslomsg has no reflection-based JSON.</summary>
    private static Dictionary<string, object?> Payload(int order) => new() { ["order"] = order };

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Notification endpoints are bound by reflection; DynamicDependency keeps the public methods of every endpoint type passed here, so the native oslomsg finds them.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(PoolInbox))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(RetryOnce))]
    private static NotificationListener CreateListener(Transport transport, object endpoint, NotificationListenerOptions options) =>
        new(transport, [new Target(Topic)], [endpoint], options);

    /// <summary>A pool's endpoint: records the event types it is given.</summary>
    private sealed class PoolInbox(string pool, NotificationFilter? filter) : IFilteredNotificationEndpoint
    {
        private readonly Channel<string?> _received = Channel.CreateUnbounded<string?>();

        public string Pool { get; } = pool;

        public NotificationFilter Filter { get; } = filter ?? new NotificationFilter();

        public void Info(RequestContext context, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata) =>
            _received.Writer.TryWrite(eventType);

        public async Task<string?> NextAsync(CancellationToken cancellationToken) => await _received.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks to requeue the first delivery, handles the second.</summary>
    private sealed class RetryOnce
    {
        private int _deliveries;

        public TaskCompletionSource<int> HandledAfter { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public NotificationResult Error(RequestContext context, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata)
        {
            var delivery = Interlocked.Increment(ref _deliveries);
            if (delivery == 1)
            {
                return NotificationResult.Requeue;
            }

            HandledAfter.TrySetResult(delivery);
            return NotificationResult.Handled;
        }
    }
}
