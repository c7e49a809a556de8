using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Hosting;

/// <summary>One hosted notification listener: its targets, endpoint types and options (pool, requeue, batch ...). See
/// <see cref="OsloMessagingBuilder.AddNotificationListener(IEnumerable{Target}, Action{NotificationListenerBuilder})"/>.</summary>
public sealed class NotificationListenerBuilder : HostedEndpointsBuilder<NotificationListenerBuilder, NotificationListenerOptions>
{
    internal NotificationListenerBuilder(IReadOnlyList<Target> targets)
    {
        Targets = targets;
    }

    /// <summary>The targets (topic, optional exchange) listened to.</summary>
    public IReadOnlyList<Target> Targets { get; }
}
