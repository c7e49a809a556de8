namespace Oslo.Messaging.Notify.Internal;

/// <summary>oslo's <c>noop</c> driver: nothing is sent.</summary>
internal sealed class NoopNotificationDriver() : NotificationDriver("noop")
{
    internal override ValueTask SendAsync(OutgoingNotification notification, NotificationSendScope scope, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
