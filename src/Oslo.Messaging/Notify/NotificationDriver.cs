using Oslo.Messaging.Notify.Internal;

namespace Oslo.Messaging.Notify;

/// <summary>
/// Where a <see cref="Notifier"/> sends (oslo's notification drivers): <see cref="MessagingV2"/> (the default),
/// <see cref="Messaging"/>, <see cref="Log"/>, <see cref="Noop"/>, or a <see cref="TestNotificationDriver"/> that
/// records what was sent. A notifier may use several at once.
/// </summary>
public abstract class NotificationDriver
{
    private protected NotificationDriver(string name)
    {
        Name = name;
    }

    /// <summary>oslo's name of the driver (<c>messagingv2</c>, <c>messaging</c>, <c>log</c>, <c>noop</c>, <c>test</c>).</summary>
    public string Name { get; }

    /// <summary>oslo's <c>messagingv2</c>: one publish per topic, the message wrapped in the v2 envelope.</summary>
    public static NotificationDriver MessagingV2 { get; } = new MessagingNotificationDriver(envelope: true);

    /// <summary>oslo's <c>messaging</c>: one publish per topic, the bare message (v1, for old consumers).</summary>
    public static NotificationDriver Messaging { get; } = new MessagingNotificationDriver(envelope: false);

    /// <summary>oslo's <c>log</c>: the message as JSON to the logger <c>oslo.messaging.notification.&lt;event_type&gt;</c>
    /// at the priority's level (Audit and Sample at Information), secrets in the payload masked.</summary>
    public static NotificationDriver Log { get; } = new LogNotificationDriver();

    /// <summary>oslo's <c>noop</c>: sends nothing. A notifier with only this driver is not enabled
    /// (<see cref="Notifier.IsEnabled"/>).</summary>
    public static NotificationDriver Noop { get; } = new NoopNotificationDriver();

    /// <summary>The driver of oslo's name <paramref name="name"/> (<c>messagingv2</c>, <c>messaging</c>, <c>log</c>,
    /// <c>noop</c>), as oslo's <c>[oslo_messaging_notifications] driver</c> option names them.</summary>
    /// <exception cref="ArgumentException">No such driver (the test driver is created, not named).</exception>
    public static NotificationDriver FromName(string name) => name switch
    {
        "messagingv2" => MessagingV2,
        "messaging" => Messaging,
        "log" => Log,
        "noop" => Noop,
        _ => throw new ArgumentException($"Unknown notification driver '{name}'; known: messagingv2, messaging, log, noop", nameof(name)),
    };

    /// <summary>Sends one notification; throws on failure (the notifier logs it).</summary>
    internal abstract ValueTask SendAsync(OutgoingNotification notification, NotificationSendScope scope, CancellationToken cancellationToken);
}
