using Microsoft.Extensions.Logging;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>
/// The transport-facing half of a listener run: decodes each message and hands it on (to the executor, or to the
/// batcher); a message it cannot decode is logged and acknowledged at once, since redelivering it would loop forever.
/// Returns once the message is taken, so the transport's wait for it is the executor's backpressure.
/// </summary>
internal sealed class NotificationIntake(
    Func<PendingNotification, CancellationToken, ValueTask> forward,
    RpcSerializer serializer,
    int maxConcurrency,
    int batchSize,
    ILogger logger) : IAcknowledgingMessageHandler
{
    public int MaxConcurrency => maxConcurrency;

    public int BatchSize => batchSize;

    public async ValueTask HandleAsync(IncomingMessage message, IMessageSettlement settlement, CancellationToken cancellationToken)
    {
        var decoded = NotificationDecoder.Decode(message.Body.Span, serializer);
        if (decoded.Notification is not { } notification)
        {
            NotifyLog.Malformed(logger, message.Source, decoded.Problem!, message.Body.Length);
            await settlement.SettleAsync(DeliveryOutcome.Acknowledge).ConfigureAwait(false);
            return;
        }

        await forward(new PendingNotification(notification, settlement), cancellationToken).ConfigureAwait(false);
    }
}
