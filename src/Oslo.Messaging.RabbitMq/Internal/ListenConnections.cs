using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// The listen connections a driver's RPC servers and notification listeners share (docs/rabbitmq.md, "Connections,
/// channels, acknowledgements"): each one's <see cref="ConsumerGroup"/> joins the first connection with room (at most
/// <see cref="GroupsPerConnection"/> groups), keeps one channel for all its queues, and is set up again on every
/// reconnect of that connection. A group that leaves closes only its channel; a connection without groups is closed.
/// </summary>
/// <remarks>Why: one connection per server costs the broker a connection process, a TCP socket and heartbeats each;
/// a host running a thousand servers in one process (or a fleet simulation) needs a few connections, not a thousand.
/// Channels stay per group, not per connection: a channel dispatches its deliveries one at a time, so one server's
/// full executor would hold up every other server on a shared channel, and a channel error (one server's refused
/// declare) would take every server's consumers down with it.</remarks>
internal sealed class ListenConnections(BrokerConnector connector, RabbitSettings settings, ILogger logger, TimeProvider time)
{
    private readonly BrokerConnector _connector = connector;
    private readonly RabbitSettings _settings = settings;
    private readonly ILogger _logger = logger;
    private readonly TimeProvider _time = time;

    /// <summary>Groups on one connection: one channel each, well under RabbitMQ's default <c>channel_max</c> of 2047 (a
    /// fanout queue delete opens one more briefly), and a reconnect sets up at most this many.</summary>
    public const int GroupsPerConnection = 256;

    private readonly Lock _sync = new();
    private readonly List<Shared> _connections = [];
    private int _opened;

    /// <summary>The listen connection for one more group: the first with room, or a new one.</summary>
    public Shared Join(ConsumerGroup group)
    {
        lock (_sync)
        {
            var shared = _connections.FirstOrDefault(c => c.Count < GroupsPerConnection);
            if (shared is null)
            {
                shared = new Shared(this, $"listen #{++_opened}");
                _connections.Add(shared);
            }

            shared.Add(group);
            return shared;
        }
    }

    private async ValueTask LeaveAsync(Shared shared, ConsumerGroup group)
    {
        bool last;
        lock (_sync)
        {
            last = shared.Remove(group) == 0;
            if (last)
            {
                _connections.Remove(shared);
            }
        }

        if (last)
        {
            await shared.Keeper.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One shared listen connection and the groups on it.</summary>
    internal sealed class Shared
    {
        private readonly ListenConnections _owner;
        private readonly HashSet<ConsumerGroup> _groups = [];

        public Shared(ListenConnections owner, string purpose)
        {
            _owner = owner;
            Keeper = new ConnectionKeeper(owner._connector, purpose, owner._settings, owner._logger, owner._time, SetUpAllAsync);
        }

        public ConnectionKeeper Keeper { get; }

        /// <summary>Groups on this connection (under the owner's lock).</summary>
        public int Count => _groups.Count;

        public void Add(ConsumerGroup group) => _groups.Add(group);

        public int Remove(ConsumerGroup group)
        {
            _groups.Remove(group);
            return _groups.Count;
        }

        public ValueTask LeaveAsync(ConsumerGroup group) => _owner.LeaveAsync(this, group);

        /// <summary>On every (re)connect: sets up each group. One group's failure (a queue declared elsewhere with
        /// other flags closes its channel, not the connection) is that group's: it recovers on its own, the others go on.
        /// A failure that took the connection down fails the round, and the keeper reconnects.</summary>
        private async Task SetUpAllAsync(IConnection connection, CancellationToken cancellationToken)
        {
            ConsumerGroup[] groups;
            lock (_owner._sync)
            {
                groups = [.. _groups];
            }

            foreach (var group in groups)
            {
                try
                {
                    await group.SetUpOnAsync(connection, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (connection.IsOpen && !cancellationToken.IsCancellationRequested)
                {
                    group.SetUpFailed(connection, ex);
                }
            }
        }
    }
}
