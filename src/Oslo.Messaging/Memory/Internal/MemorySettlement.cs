using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Memory.Internal;

/// <summary>One message a memory consumer handed to a notification handler and not yet settled: acknowledging drops
/// it, requeueing puts it back on its queue (RabbitMQ's <c>basic.reject</c> with requeue), and so does releasing it
/// unsettled when the listener is disposed (RabbitMQ's closed channel).</summary>
internal sealed class MemorySettlement(MemoryQueue queue, MemoryDelivery delivery, Action<MemorySettlement> settled) : IMessageSettlement
{
    private int _settled;

    public ValueTask SettleAsync(DeliveryOutcome outcome)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            settled(this);
            if (outcome == DeliveryOutcome.Requeue)
            {
                queue.Enqueue(delivery);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Puts the message back unless it was settled.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            queue.Enqueue(delivery);
        }
    }
}
