using Microsoft.Extensions.Logging;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// Settles one notification delivery on the channel that delivered it (a delivery tag means nothing on another
/// channel): <c>basic.ack</c>, or <c>basic.reject</c> with requeue. If that channel closed meanwhile (connection lost,
/// consumer recovered on a new channel), the broker has already put the message back, so there is nothing to do.
/// </summary>
/// <remarks>Settlements of one channel may run concurrently from several executor workers: RabbitMQ.Client 7 writes
/// each method's frames whole through the connection's frame writer, so concurrent acks on one channel are safe.</remarks>
internal sealed class DeliverySettlement(IChannel channel, ulong deliveryTag, string queue, ILogger logger) : IMessageSettlement
{
    private int _settled;

    public async ValueTask SettleAsync(DeliveryOutcome outcome)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1)
        {
            return;
        }

        if (!channel.IsOpen)
        {
            RabbitMqLog.SettleOnClosedChannel(logger, queue);
            return;
        }

        try
        {
            if (outcome == DeliveryOutcome.Requeue)
            {
                await channel.BasicRejectAsync(deliveryTag, requeue: true, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await channel.BasicAckAsync(deliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex) || ex is ObjectDisposedException)
        {
            RabbitMqLog.AckFailed(logger, queue, BrokerErrors.Describe(ex));
        }
    }
}
