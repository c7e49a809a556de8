namespace Oslo.Messaging.Notify;

/// <summary>What a notification endpoint method returns (oslo's <c>NotificationResult</c>); a method returning nothing
/// counts as <see cref="Handled"/>, one that throws as <see cref="Requeue"/>.</summary>
public enum NotificationResult
{
    /// <summary>Processed: the notification is acknowledged.</summary>
    Handled,

    /// <summary>Deliver it again later: requeued if the listener allows it
    /// (<see cref="NotificationListenerOptions.AllowRequeue"/>), otherwise acknowledged anyway.</summary>
    Requeue,
}
