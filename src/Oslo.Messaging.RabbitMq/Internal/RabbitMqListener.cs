using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>The consumers of one RPC server (topic, topic.server and fanout queues) or notification listener, on one channel of a shared listen connection.</summary>
internal sealed class RabbitMqListener(ConsumerGroup group, string? fanoutQueue, bool deleteFanoutQueue, Action<RabbitMqListener> onDisposed,
    string[]? temporaryQueues = null)
    : TransportListener
{
    private int _disposed;

    /// <summary>The consumers, for tests.</summary>
    public ConsumerGroup Group => group;

    /// <summary>This server instance's fanout queue (<c>T_fanout_&lt;hex&gt;</c>, a queue manager name, or the topic's stream
    /// <c>T_fanout</c>); null for a notification listener.</summary>
    public string? FanoutQueue => fanoutQueue;

    public override Task StopAsync(CancellationToken cancellationToken = default) => group.StopAsync().WaitAsync(cancellationToken);

    /// <summary>Stops, deletes the fanout queue (as oslo on a clean close, unless it is a stream or a queue manager name) or the temporary notification queues, and closes the connection.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await group.StopAsync().ConfigureAwait(false);
        if (fanoutQueue is not null && deleteFanoutQueue)
        {
            await group.DeleteQueueAsync(fanoutQueue).ConfigureAwait(false);
        }

        foreach (var queue in temporaryQueues ?? [])
        {
            await group.DeleteQueueAsync(queue).ConfigureAwait(false); // a notification listener's own pool queue
        }
        await group.DisposeAsync().ConfigureAwait(false);
        onDisposed(this);
    }
}
