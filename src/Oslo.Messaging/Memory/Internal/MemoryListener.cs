using Oslo.Messaging.Memory;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Memory.Internal;

/// <summary>The consumers of one server or notification listener; disposing deletes the server's fanout queue, as oslo's drivers do.</summary>
internal sealed class MemoryListener(MemoryBroker broker, MemoryConsumer[] consumers, string? fanoutQueue) : TransportListener
{
    private Task? _stopping;
    private int _disposed;

    public override Task StopAsync(CancellationToken cancellationToken = default) =>
        _stopping ??= Task.WhenAll(consumers.Select(c => c.StopAsync()));

    public override async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && fanoutQueue is not null)
        {
            broker.DeleteQueue(fanoutQueue);
        }
    }
}
