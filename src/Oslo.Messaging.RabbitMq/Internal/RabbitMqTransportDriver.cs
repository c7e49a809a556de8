using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// The RabbitMQ driver: oslo's topology and publish parameters (docs/wire-protocol.md, "RabbitMQ topology" and "Publishing") over RabbitMQ.Client 7. One send
/// connection with one pipelined confirm channel, listen connections shared by the RPC servers and notification listeners
/// (up to <see cref="ListenConnections.GroupsPerConnection"/> each, one channel per server or listener), one connection
/// for the reply queue.
/// Connections are opened on first use, never in the constructor.
/// </summary>
internal sealed class RabbitMqTransportDriver : TransportDriver
{
    /// <summary>The longest the first call waits for its reply queue before sending anyway (see <see cref="StartReplyConsumerAsync"/>).</summary>
    private static readonly TimeSpan _replyStartWait = TimeSpan.FromSeconds(5);
    private readonly RabbitSettings _settings;
    private readonly BrokerConnector _connector;
    private readonly Topology _topology;
    private readonly Publisher _publisher;
    private readonly ListenConnections _listen;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<RabbitMqListener, byte> _listeners = new();
    private readonly SemaphoreSlim _replyLock = new(1, 1);
    private ConsumerGroup? _reply;
    private int _disposed;

    /// <exception cref="Exceptions.TransportConfigurationException">A TLS file cannot be loaded.</exception>
    public RabbitMqTransportDriver(RabbitSettings settings, TransportUrl url, TransportOptions options)
    {
        _settings = settings;
        _logger = options.LoggerFactory.CreateLogger<RabbitMqTransportDriver>();
        _time = options.TimeProvider;
        _connector = new BrokerConnector(settings, url, _logger);
        _topology = new Topology(settings, options.ControlExchange);
        _publisher = new Publisher(settings, _topology, _connector, _logger, _time);
        _listen = new ListenConnections(_connector, settings, _logger, _time);
    }

    /// <summary>The resolved options (a snapshot taken when the transport was created).</summary>
    public RabbitSettings Settings => _settings;

    /// <summary>The publisher of the send connection, for tests.</summary>
    public Publisher Publisher => _publisher;

    /// <summary>The listeners of this driver's RPC servers and notification listeners.</summary>
    public IReadOnlyCollection<RabbitMqListener> Listeners => [.. _listeners.Keys];

    /// <summary>The reply consumer, once started.</summary>
    public ConsumerGroup? Reply => Volatile.Read(ref _reply);

    /// <summary>The worst state of the connections in use (send, reply, one per listener); see <see cref="ConnectionStates"/>.</summary>
    public override TransportConnectionState ConnectionState =>
        _disposed == 1 ? new(ConnectionStatus.Closed, "The RabbitMQ driver was disposed") : ConnectionStates.Of(Keepers().Distinct(), _connector.MaskedUrl);

    private IEnumerable<ConnectionKeeper> Keepers()
    {
        yield return _publisher.Keeper;
        if (Volatile.Read(ref _reply) is { } reply)
        {
            yield return reply.Keeper;
        }

        foreach (var listener in _listeners.Keys)
        {
            yield return listener.Group.Keeper;
        }
    }

    public override ValueTask SendAsync(Destination destination, ReadOnlyMemory<byte> body, SendOptions options, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        return _publisher.SendAsync(destination, body, options, cancellationToken);
    }

    /// <summary>Declares <c>reply_&lt;hex&gt;</c> and consumes it. If the broker is unreachable (or slower than
    /// <see cref="_replyStartWait"/>) the name is returned anyway after the first failed round and the queue is declared
    /// as soon as possible: a reply sent meanwhile is retried by the server (NO_ROUTE retry), so a call waits for the
    /// broker within its own timeout, which this method cannot see, instead of failing or blocking here.</summary>
    public override async ValueTask<string> StartReplyConsumerAsync(IMessageHandler handler, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        await _replyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_reply is not null)
            {
                throw new InvalidOperationException("The reply consumer of a driver is started once");
            }

            var queue = _topology.ReplyQueue();
            var group = new ConsumerGroup(_connector, "reply " + queue.Name, [queue], handler, _settings, _logger, _time);
            try
            {
                await group.StartAsync(waitForBroker: false, cancellationToken, _replyStartWait).ConfigureAwait(false);
            }
            catch
            {
                await group.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            Volatile.Write(ref _reply, group);
            if (_settings.DirectReplyTo)
            {
                _publisher.OfferDirectReplies(handler);
            }

            // The name may have moved on from the first one when another connection consumed it (queue manager names).
            return group.Consumers[0].FixName();
        }
        finally
        {
            _replyLock.Release();
        }
    }

    /// <summary>Declares and consumes the server's <c>T</c>, <c>T.S</c> and fanout queues, waiting for
    /// the broker (with oslo's back-off) until consuming or <paramref name="cancellationToken"/> is cancelled.</summary>
    public override async ValueTask<TransportListener> ListenAsync(Target target, IMessageHandler handler, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        target.ValidateForServer();
        var fanout = _topology.FanoutQueue(target.Topic!);
        QueueSpec[] queues =
        [
            _topology.TopicQueue(target.Exchange, target.Topic!),
            _topology.ServerQueue(target.Exchange, target.Topic!, target.Server!),
            fanout,
        ];
        var group = new ConsumerGroup(_listen, _connector, $"listen {target.Topic}.{target.Server}", queues, handler, _settings, _logger, _time);
        try
        {
            await group.StartAsync(waitForBroker: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await group.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var fanoutName = group.Consumers[2].FixName();
        var listener = new RabbitMqListener(group, fanoutName, _topology.DeletesFanoutQueueOnClose, l => _listeners.TryRemove(l, out _));
        _listeners.TryAdd(listener, 0);
        return listener;
    }

    /// <summary>Declares the notification queues (one per queue name, bound with each of its routing keys) and consumes
    /// them on one channel of a shared listen connection, acknowledging after processing; waits for the broker as
    /// <see cref="ListenAsync"/>.</summary>
    public override async ValueTask<TransportListener> ListenForNotificationsAsync(IReadOnlyList<QueueBinding> bindings,
        IAcknowledgingMessageHandler handler, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        ArgumentOutOfRangeException.ThrowIfZero(bindings.Count, nameof(bindings));
        var queues = bindings
            .GroupBy(b => b.Queue, StringComparer.Ordinal)
            .Select(g => _topology.NotificationQueue(g.Key, [.. g.Select(b => (b.Exchange, b.RoutingKey)).Distinct()], g.Any(b => b.Temporary)))
            .ToArray();
        var temporary = bindings.Where(b => b.Temporary).Select(b => b.Queue).Distinct().ToArray();
        var group = new ConsumerGroup(_listen, _connector, "notifications " + string.Join(",", queues.Select(q => q.Name)), queues, handler, _settings, _logger, _time);
        try
        {
            await group.StartAsync(waitForBroker: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await group.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var listener = new RabbitMqListener(group, fanoutQueue: null, deleteFanoutQueue: false, l => _listeners.TryRemove(l, out _), temporary);
        _listeners.TryAdd(listener, 0);
        return listener;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var listener in _listeners.Keys)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        if (Volatile.Read(ref _reply) is { } reply)
        {
            await reply.DisposeAsync().ConfigureAwait(false);
        }

        await _publisher.DisposeAsync().ConfigureAwait(false);
    }
}
