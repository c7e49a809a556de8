using Microsoft.Extensions.Logging;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Memory;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Memory.Internal;

/// <summary>
/// The in-process driver: oslo's topology (topic queue, topic.server queue, per-server fanout queue, one reply
/// queue per driver) on a <see cref="MemoryBroker"/>. Bodies are copied, as the wire would copy them.
/// </summary>
internal sealed class MemoryTransportDriver(MemoryBroker broker, TransportOptions options) : TransportDriver
{
    private readonly string _controlExchange = options.ControlExchange;
    private readonly ILogger _logger = options.LoggerFactory.CreateLogger<MemoryTransportDriver>();
    private MemoryConsumer? _replyConsumer;
    private string? _replyQueue;

    private static readonly TransportConnectionState InProcess = new(ConnectionStatus.Connected, "In-process broker: always connected");

    public override TransportConnectionState ConnectionState => InProcess;

    public override ValueTask SendAsync(Destination destination, ReadOnlyMemory<byte> body, SendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var expiresAt = options.TimeToLive is { } ttl
            ? broker.TimeProvider.GetTimestamp() + (long)(ttl.TotalSeconds * broker.TimeProvider.TimestampFrequency)
            : 0;
        var (exchange, routingKey) = destination.Kind switch
        {
            DestinationKind.Topic => (destination.Exchange ?? _controlExchange, destination.Topic),
            DestinationKind.Server => (destination.Exchange ?? _controlExchange, destination.Topic + "." + destination.Server),
            DestinationKind.Fanout => (destination.Topic + "_fanout", ""),
            DestinationKind.Notification => (destination.Exchange ?? _controlExchange, destination.Topic),
            _ => ("", destination.ReplyAddress!),
        };
        if (destination.Kind == DestinationKind.Notification)
        {
            // As oslo's notifier: the queue named like the routing key keeps notifications while nobody listens.
            broker.Bind(exchange, routingKey, broker.DeclareQueue(routingKey));
        }

        broker.Publish(exchange, routingKey, body.ToArray(), expiresAt, options.Mandatory);
        return ValueTask.CompletedTask;
    }

    public override ValueTask<string> StartReplyConsumerAsync(IMessageHandler handler, CancellationToken cancellationToken)
    {
        if (_replyQueue is not null)
        {
            throw new InvalidOperationException("The reply consumer of a driver is started once");
        }

        _replyQueue = "reply_" + MessageIds.New();
        _replyConsumer = new MemoryConsumer(broker.DeclareQueue(_replyQueue), handler, broker.TimeProvider, _logger);
        return ValueTask.FromResult(_replyQueue);
    }

    public override ValueTask<TransportListener> ListenAsync(Target target, IMessageHandler handler, CancellationToken cancellationToken)
    {
        target.ValidateForServer();
        var exchange = target.Exchange ?? _controlExchange;
        var topicQueue = broker.DeclareQueue(target.Topic!);
        broker.Bind(exchange, target.Topic!, topicQueue);
        var serverQueue = broker.DeclareQueue(target.Topic + "." + target.Server);
        broker.Bind(exchange, serverQueue.Name, serverQueue);
        var fanoutQueue = broker.DeclareQueue(target.Topic + "_fanout_" + MessageIds.New());
        broker.Bind(target.Topic + "_fanout", "", fanoutQueue);

        var consumers = new[] { topicQueue, serverQueue, fanoutQueue }
            .Select(q => new MemoryConsumer(q, handler, broker.TimeProvider, _logger))
            .ToArray();
        return ValueTask.FromResult<TransportListener>(new MemoryListener(broker, consumers, [fanoutQueue.Name]));
    }

    public override ValueTask<TransportListener> ListenForNotificationsAsync(IReadOnlyList<QueueBinding> bindings,
        IAcknowledgingMessageHandler handler, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var queues = new List<MemoryQueue>();
        foreach (var binding in bindings)
        {
            var queue = broker.DeclareQueue(binding.Queue);
            broker.Bind(binding.Exchange ?? _controlExchange, binding.RoutingKey, queue);
            if (!queues.Contains(queue))
            {
                queues.Add(queue);
            }
        }

        var consumers = queues.Select(q => new MemoryConsumer(q, handler, broker.TimeProvider, _logger)).ToArray();
        var temporary = bindings.Where(b => b.Temporary).Select(b => b.Queue).Distinct().ToArray();
        return ValueTask.FromResult<TransportListener>(new MemoryListener(broker, consumers, temporary));
    }

    public override async ValueTask DisposeAsync()
    {
        if (_replyConsumer is { } consumer)
        {
            _replyConsumer = null;
            await consumer.StopAsync().ConfigureAwait(false);
            broker.DeleteQueue(_replyQueue!);
        }
    }
}
