using Oslo.Messaging.Memory;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Memory.Internal;

/// <summary>The consumers of one server or notification listener; disposing puts unsettled notifications back on
/// their queues and deletes the queues it owns (a server's fanout queue, as oslo's drivers do; a listener's temporary
/// pool queue).</summary>
internal sealed class MemoryListener(MemoryBroker broker, MemoryConsumer[] consumers, string[] ownQueues) : TransportListener
{
    private Task? _stopping;
    private int _disposed;

    public override Task StopAsync(CancellationToken cancellationToken = default) =>
        _stopping ??= Task.WhenAll(consumers.Select(c => c.StopAsync()));

    public override async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var consumer in consumers)
            {
                consumer.ReleaseUnsettled(); // as RabbitMQ does when the channel closes
            }

            foreach (var queue in ownQueues)
            {
                broker.DeleteQueue(queue);
            }
        }
    }
}
