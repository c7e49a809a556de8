using Oslo.Messaging.Internal;
using Oslo.Messaging.Notify.Internal;

namespace Oslo.Messaging.Notify;

/// <summary>
/// oslo's <c>test</c> driver: records every notification instead of sending it, so an application's own tests can
/// assert on what it emits. Thread-safe.
/// </summary>
/// <example><code>
/// var recorder = new TestNotificationDriver();
/// var notifier = new Notifier(transport, new NotifierOptions { PublisherId = "svc.host", Drivers = [recorder] });
/// await notifier.InfoAsync(context, "thing.created", new { id = 1 });
/// Assert.Equal("thing.created", recorder.Sent.Single().EventType);
/// </code></example>
public sealed class TestNotificationDriver() : NotificationDriver("test")
{
    private readonly Lock _lock = new();
    private readonly List<SentNotification> _sent = [];

    /// <summary>What was sent so far, oldest first (a snapshot).</summary>
    public IReadOnlyList<SentNotification> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Forgets what was recorded.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _sent.Clear();
        }
    }

    internal override ValueTask SendAsync(OutgoingNotification notification, NotificationSendScope scope, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sent = new SentNotification(notification.Priority, notification.PublisherId, notification.EventType, notification.Payload,
            new RequestContext(notification.Context), notification.MessageId, notification.Timestamp, scope.Topics,
            NotificationCodec.ToElement(notification, MessageIds.New()));
        lock (_lock)
        {
            _sent.Add(sent);
        }

        return ValueTask.CompletedTask;
    }
}
