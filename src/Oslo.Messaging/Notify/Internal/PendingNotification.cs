using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>A decoded notification the listener took and has not settled yet (compared by reference).</summary>
internal sealed class PendingNotification(ReceivedNotification notification, IMessageSettlement settlement)
{
    public ReceivedNotification Notification { get; } = notification;

    public IMessageSettlement Settlement { get; } = settlement;
}
