using Oslo.Messaging.Internal;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>oslo's <c>messaging</c> and <c>messagingv2</c> drivers: one publish per topic to the control exchange,
/// routing key <c>&lt;topic&gt;.&lt;priority&gt;</c>, each with its own <c>_unique_id</c>.</summary>
internal sealed class MessagingNotificationDriver(bool envelope) : NotificationDriver(envelope ? "messagingv2" : "messaging")
{
    internal override async ValueTask SendAsync(OutgoingNotification notification, NotificationSendScope scope, CancellationToken cancellationToken)
    {
        var priority = NotificationPriorities.RoutingName(notification.Priority);
        foreach (var topic in scope.Topics)
        {
            using var body = new PooledBufferWriter(1024);
            NotificationCodec.Encode(body, notification, envelope);
            var destination = Destination.ToNotification(exchange: null, topic + "." + priority);
            await scope.Transport.Driver.SendAsync(destination, body.WrittenMemory, new SendOptions(Retry: scope.Retry), cancellationToken).ConfigureAwait(false);
        }
    }
}
