using System.Collections.Concurrent;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Memory.Internal;

namespace Oslo.Messaging.Memory;

/// <summary>
/// An in-process message broker with RabbitMQ's routing model, reduced to what oslo uses: topic exchanges with
/// exact routing keys, fanout exchanges, the default exchange (queue by name), queues that round-robin their
/// messages over their consumers and keep them while nobody consumes.
/// </summary>
/// <remarks>
/// Share one broker between transports with <see cref="MemoryTransportOptionsExtensions.UseMemoryBroker"/>; a transport
/// created without one gets a private broker, as oslo's <c>fake://</c> driver does.
/// </remarks>
public sealed class MemoryBroker
{
    // Bindings are copy-on-write arrays: publishing (the hot path) reads without locking.
    private readonly ConcurrentDictionary<(string Exchange, string RoutingKey), MemoryQueue[]> _bindings = new();
    private readonly ConcurrentDictionary<string, MemoryQueue> _queues = new(StringComparer.Ordinal);
    private readonly Lock _bindLock = new();

    /// <summary>Creates an empty broker.</summary>
    public MemoryBroker(TimeProvider? timeProvider = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    internal TimeProvider TimeProvider { get; }

    /// <summary>The names of the queues that exist now: the driver's topology, as its own tests check it.</summary>
    internal IReadOnlyCollection<string> QueueNames => _queues.Keys.ToArray();

    /// <summary>Messages waiting in <paramref name="queue"/> with no consumer to take them; 0 if the queue does not exist.</summary>
    internal int BacklogOf(string queue) => _queues.TryGetValue(queue, out var q) ? q.Backlog : 0;

    internal MemoryQueue DeclareQueue(string name) => _queues.GetOrAdd(name, static n => new MemoryQueue(n));

    internal void DeleteQueue(string name)
    {
        if (!_queues.TryRemove(name, out var queue))
        {
            return;
        }

        lock (_bindLock)
        {
            foreach (var (key, queues) in _bindings)
            {
                if (Array.IndexOf(queues, queue) >= 0)
                {
                    _bindings[key] = queues.Where(q => q != queue).ToArray();
                }
            }
        }
    }

    internal void Bind(string exchange, string routingKey, MemoryQueue queue)
    {
        lock (_bindLock)
        {
            var key = (exchange, routingKey);
            var existing = _bindings.TryGetValue(key, out var queues) ? queues : [];
            if (Array.IndexOf(existing, queue) < 0)
            {
                _bindings[key] = [.. existing, queue];
            }
        }
    }

    /// <summary>Routes one message. Exchange "" is the default exchange: the routing key names the queue.</summary>
    internal void Publish(string exchange, string routingKey, byte[] body, long expiresAt, bool mandatory)
    {
        if (exchange.Length == 0)
        {
            if (_queues.TryGetValue(routingKey, out var direct))
            {
                direct.Enqueue(new MemoryDelivery(body, expiresAt));
                return;
            }
        }
        else if (_bindings.TryGetValue((exchange, routingKey), out var queues) && queues.Length > 0)
        {
            foreach (var queue in queues)
            {
                queue.Enqueue(new MemoryDelivery(body, expiresAt));
            }

            return;
        }

        // Like RabbitMQ: an unroutable message is dropped, unless it was mandatory.
        if (mandatory)
        {
            throw new MessageUndeliverableException(exchange, routingKey, "NO_ROUTE");
        }
    }
}
