using System.Threading.Channels;

namespace Oslo.Messaging.Memory.Internal;

/// <summary>
/// A queue that pushes its messages round-robin to its consumers, as RabbitMQ does, and keeps them in a backlog
/// while it has none. Each consumer has its own channel; a consumer leaving hands its unread messages back.
/// </summary>
internal sealed class MemoryQueue(string name)
{
    private readonly Lock _lock = new();
    private readonly Queue<MemoryDelivery> _backlog = new();
    private Channel<MemoryDelivery>[] _consumers = [];
    private int _next;

    public string Name { get; } = name;

    public int Backlog
    {
        get
        {
            lock (_lock)
            {
                return _backlog.Count;
            }
        }
    }

    public void Enqueue(MemoryDelivery delivery)
    {
        Channel<MemoryDelivery>? target = null;
        lock (_lock)
        {
            var consumers = _consumers;
            if (consumers.Length == 0)
            {
                _backlog.Enqueue(delivery);
                return;
            }

            target = consumers[(int)((uint)_next++ % (uint)consumers.Length)];
        }

        // Unbounded: never fails while the consumer is attached; a detached consumer re-queues what it had.
        if (!target.Writer.TryWrite(delivery))
        {
            Enqueue(delivery);
        }
    }

    public ChannelReader<MemoryDelivery> AddConsumer(out Channel<MemoryDelivery> consumer)
    {
        consumer = Channel.CreateUnbounded<MemoryDelivery>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            _consumers = [.. _consumers, consumer];
            while (_backlog.TryDequeue(out var waiting))
            {
                consumer.Writer.TryWrite(waiting);
            }
        }

        return consumer.Reader;
    }

    /// <summary>Stops pushing to <paramref name="consumer"/> and completes its channel, which wakes its waiting reader;
    /// what it has not read stays there for <see cref="RequeueUnread"/>.</summary>
    public void Detach(Channel<MemoryDelivery> consumer)
    {
        lock (_lock)
        {
            _consumers = _consumers.Where(c => c != consumer).ToArray();
            consumer.Writer.TryComplete();
        }
    }

    /// <summary>Once the detached consumer's reader has ended: the messages it never read were not acknowledged, so
    /// they go back to the queue.</summary>
    public void RequeueUnread(Channel<MemoryDelivery> consumer)
    {
        while (consumer.Reader.TryRead(out var unread))
        {
            Enqueue(unread);
        }
    }
}
