using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// The consumers of one RPC server (its three queues), notification listener or a driver's reply queue, all on one
/// channel of their listen connection (docs/rabbitmq.md, "Connections, channels, acknowledgements"). On every
/// (re)connect the group opens a new channel and each consumer re-declares its exchange, queue and binding under the
/// same names and consumes again. A consumer lost while its channel stays up (queue deleted, consumer cancelled) is set up again on that
/// channel; a channel the broker closed (one consumer's refused declare closes it for all) is replaced and every
/// consumer set up again. A periodic passive declare catches a queue lost without any notification: a client never
/// goes silently deaf.
/// </summary>
internal sealed partial class ConsumerGroup : IAsyncDisposable
{
    private readonly QueueConsumer[] _consumers;
    private readonly ConnectionKeeper _keeper;
    private readonly ListenConnections.Shared? _shared;
    private volatile IConnection? _setUpOn;
    private readonly RabbitSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _purpose;
    private readonly string _maskedUrl;
    private readonly CancellationTokenSource _lifetime = new();
    private Task _checks = Task.CompletedTask;
    private Task? _stopping;
    private volatile bool _stopped;
    private int _disposed;
    private readonly SemaphoreSlim _channelLock = new(1, 1);
    private IChannel? _channel;
    private AckBatch? _acks; // the channel's batched acknowledgements, when its consumers acknowledge on receipt
    private IConnection? _channelConnection;
    private readonly Lock _recoveryLock = new();
    private Task _recovery = Task.CompletedTask;

    public ConsumerGroup(BrokerConnector connector, string purpose, IReadOnlyList<QueueSpec> queues, object handler,
        RabbitSettings settings, ILogger logger, TimeProvider time)
    {
        _settings = settings;
        _logger = logger;
        _time = time;
        _purpose = purpose;
        _maskedUrl = connector.MaskedUrl;
        _consumers = [.. queues.Select(q => new QueueConsumer(q, handler, settings, logger, OnConsumerLost, _lifetime.Token))];
        _keeper = new ConnectionKeeper(connector, purpose, settings, logger, time, SetUpAllAsync);
    }

    /// <summary>A group on a shared listen connection (<see cref="ListenConnections"/>): an RPC server's queues or a
    /// notification listener's.</summary>
    public ConsumerGroup(ListenConnections connections, BrokerConnector connector, string purpose, IReadOnlyList<QueueSpec> queues, object handler,
        RabbitSettings settings, ILogger logger, TimeProvider time)
    {
        _settings = settings;
        _logger = logger;
        _time = time;
        _purpose = purpose;
        _maskedUrl = connector.MaskedUrl;
        _consumers = [.. queues.Select(q => new QueueConsumer(q, handler, settings, logger, OnConsumerLost, _lifetime.Token))];
        _shared = connections.Join(this);
        _keeper = _shared.Keeper;
    }

    /// <summary>The consumers, for tests and diagnostics.</summary>
    public IReadOnlyList<QueueConsumer> Consumers => _consumers;

    /// <summary>The listen connection's keeper, for the driver's connection state.</summary>
    public ConnectionKeeper Keeper => _keeper;

    /// <summary>The listen connection, or null while reconnecting.</summary>
    public IConnection? Connection => _keeper.Current;

    /// <summary>Connects and starts consuming. With <paramref name="waitForBroker"/> waits until consuming (or cancelled);
    /// otherwise returns after the first failed connection round, or after <paramref name="deferAfter"/>, and keeps
    /// trying in the background.</summary>
    /// <exception cref="MessageDeliveryFailureException">The broker refused the set-up in a way retrying cannot fix
    /// (bad credentials, missing vhost, queue or exchange declared elsewhere with other flags).</exception>
    public async Task StartAsync(bool waitForBroker, CancellationToken cancellationToken, TimeSpan? deferAfter = null)
    {
        if (_shared is not null)
        {
            await JoinAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var changed = _keeper.Changed;
        _keeper.Start();
        if (_settings.QueueCheckInterval > TimeSpan.Zero)
        {
            _checks = Task.Run(CheckLoopAsync, CancellationToken.None);
        }

        using var deferral = new CancellationTokenSource(waitForBroker ? Timeout.InfiniteTimeSpan : deferAfter ?? Timeout.InfiniteTimeSpan, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deferral.Token);
        while (_keeper.Current is null)
        {
            try
            {
                await changed.WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deferral.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                RabbitMqLog.ReplyQueueDeferred(_logger, _purpose, $"not connected within {deferAfter!.Value.TotalSeconds:0.#} s");
                return;
            }

            changed = _keeper.Changed;
#pragma warning disable CA1508 // Not dead: the connection loop sets Current while this method awaits.
            if (_keeper.Current is not null)
#pragma warning restore CA1508
            {
                return;
            }

            var (error, _) = _keeper.LastFailure;
            if (error is not null && BrokerErrors.IsPermanent(error))
            {
                throw Refused(error);
            }

            if (!waitForBroker && error is not null)
            {
                RabbitMqLog.ReplyQueueDeferred(_logger, _purpose, BrokerErrors.Describe(error));
                return;
            }
        }
    }

    /// <summary>The group's channel (all its consumers), or null while none is open.</summary>
    public IChannel? Channel => Volatile.Read(ref _channel);

    /// <summary>The batched acknowledgements of the group's channel (consumers that acknowledge on receipt), for tests.</summary>
    internal AckBatch? Acks => _acks;

    private string QueueNames => string.Join(", ", _consumers.Select(c => c.Spec.Name));

    /// <summary>The latest recovery of this group (completed when none runs).</summary>
    public Task Recovery
    {
        get
        {
            lock (_recoveryLock)
            {
                return _recovery;
            }
        }
    }

    /// <summary>No handler call starts after this returns and none is in progress. An RPC group's channel is closed
    /// (unacknowledged deliveries go back to their queues); a notification group's stays open, its consumers cancelled,
    /// for the settlements still to come, until it is disposed.</summary>
    public Task StopAsync() => _stopping ??= StopCoreAsync();

    private async Task StopCoreAsync()
    {
        _stopped = true;
        await Task.WhenAll(_consumers.Select(c => c.StopAsync())).ConfigureAwait(false);
        if (_consumers[0].Settles)
        {
            return;
        }

        await CloseChannelAsync().ConfigureAwait(false);
    }

    private async Task CloseChannelAsync()
    {
        await _channelLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await DetachAsync().ConfigureAwait(false);
        }
        finally
        {
            _channelLock.Release();
        }
    }

    /// <summary>Closes the group's channel (under <see cref="_channelLock"/>): its consumers are set up again on the next.</summary>
    private async Task DetachAsync()
    {
        var channel = _channel;
        var acks = _acks;
        Volatile.Write(ref _channel, null);
        _acks = null;
        _channelConnection = null;
        foreach (var consumer in _consumers)
        {
            consumer.Detach();
        }

        if (acks is not null)
        {
            // What was handled must not come back when the channel closes (a no-op if it is closed already).
            await acks.FlushAsync().ConfigureAwait(false);
        }

        if (channel is not null)
        {
            await BrokerObjects.CloseAsync(channel).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes a queue over this group's connection, best effort (it expires on its own otherwise).</summary>
    public async Task DeleteQueueAsync(string queue)
    {
        if (_keeper.Current is not { } connection)
        {
            RabbitMqLog.FanoutDeleteFailed(_logger, queue, "not connected");
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            var channel = await connection.CreateChannelAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
            await using var closeChannel = channel.ConfigureAwait(false);
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, noWait: false, timeout.Token).ConfigureAwait(false);
            await channel.CloseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex) || ex is OperationCanceledException)
        {
            var reason = BrokerErrors.Describe(ex);
            RabbitMqLog.FanoutDeleteFailed(_logger, queue, reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _checks.ConfigureAwait(false);
        await Recovery.ConfigureAwait(false);
        await CloseChannelAsync().ConfigureAwait(false); // a notification group's, kept open for settlements until now
        if (_shared is not null)
        {
            await _shared.LeaveAsync(this).ConfigureAwait(false);
        }
        else
        {
            await _keeper.DisposeAsync().ConfigureAwait(false);
        }

        _lifetime.Dispose();
    }

    /// <summary>Sets up every consumer on <paramref name="connection"/> unless that was done already (the shared
    /// connection's reconnect and a joining group's own start may both try).</summary>
    public async Task SetUpOnAsync(IConnection connection, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(_setUpOn, connection))
        {
            await SetUpAllAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The shared connection's reconnect could not set this group up while the connection stayed open: the
    /// group recovers on its own, with back-off.</summary>
    public void SetUpFailed(IConnection connection, Exception error)
    {
        RabbitMqLog.SetupFailed(_logger, _purpose, BrokerErrors.Describe(error), Backoff.Delay(_settings, 1).TotalSeconds);
        _ = Recover(() => Task.Run(() => RecoverAsync(connection), CancellationToken.None));
    }

    private async Task SetUpAllAsync(IConnection connection, CancellationToken cancellationToken)
    {
        await ConsumeAllAsync(connection, cancellationToken).ConfigureAwait(false);
        _setUpOn = connection;
    }

    /// <summary>Makes every consumer consume on the group's channel of <paramref name="connection"/>: on a new channel
    /// (prefetch first, then every consumer) when there is none open there, otherwise only the consumers not consuming.
    /// A declare refused in a way a changed declaration fixes (a taken queue manager name, oslo's durable fallback)
    /// closed the channel for all: the round starts again on a new one.</summary>
    /// <remarks>One <c>basic.qos(0, n, global=false)</c> per channel, before any consume, gives each consumer its own
    /// prefetch of n, as one channel per queue did (RabbitMQ applies a non-global prefetch per consumer; oslo sets it
    /// on its one channel the same way, docs/wire-protocol.md, "Consuming and acknowledgement"). The consumers share
    /// one handler and so one prefetch.</remarks>
    private async Task ConsumeAllAsync(IConnection connection, CancellationToken cancellationToken)
    {
        await _channelLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; !_stopped; attempt++)
            {
                var channel = _channel;
                var prefetch = _consumers[0].DesiredPrefetch();
                if (channel is not { IsOpen: true } || !ReferenceEquals(_channelConnection, connection))
                {
                    await DetachAsync().ConfigureAwait(false);
                    channel = await OpenChannelAsync(connection, prefetch, cancellationToken).ConfigureAwait(false);
                }

                var refused = false;
                foreach (var consumer in _consumers)
                {
                    if (!consumer.IsConsumingOn(channel) && !await consumer.ConsumeOnAsync(channel, prefetch, _acks, attempt, cancellationToken).ConfigureAwait(false))
                    {
                        refused = true;
                        break;
                    }
                }

                if (!refused)
                {
                    return;
                }
            }
        }
        finally
        {
            _channelLock.Release();
        }
    }

    private async Task<IChannel> OpenChannelAsync(IConnection connection, ushort prefetch, CancellationToken cancellationToken)
    {
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false,
            consumerDispatchConcurrency: 1);
        var channel = await connection.CreateChannelAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            if (prefetch > 0)
            {
                await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await BrokerObjects.CloseAsync(channel).ConfigureAwait(false);
            throw;
        }

        Volatile.Write(ref _channel, channel);
        _acks = _consumers[0].Settles ? null : new AckBatch(channel, prefetch, QueueNames, _logger);
        _channelConnection = connection;
        return channel;
    }

    /// <summary>Joins the shared listen connection: waits for it (with oslo's back-off, until cancelled) and sets
    /// this group up on it; a refusal retrying cannot fix fails the start, as on a connection of its own.</summary>
    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        _keeper.Start();
        if (_settings.QueueCheckInterval > TimeSpan.Zero)
        {
            _checks = Task.Run(CheckLoopAsync, CancellationToken.None);
        }

        var failures = 0;
        while (true)
        {
            var changed = _keeper.Changed;
            Exception? error = null;
            if (_keeper.Current is { } connection)
            {
                try
                {
                    await SetUpOnAsync(connection, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    error = ex;
                }
            }
            else if (_keeper.LastFailure.Error is { } lastError && BrokerErrors.IsPermanent(lastError))
            {
                error = lastError;
            }

            if (error is not null)
            {
                if (BrokerErrors.IsPermanent(error))
                {
                    throw Refused(error);
                }

                failures++;
                await Task.WhenAny(changed, Task.Delay(Backoff.Delay(_settings, failures), _time, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                continue;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private MessageDeliveryFailureException Refused(Exception error) => new(
        $"RabbitMQ at \"{_maskedUrl}\" refused the {_purpose} consumer: {BrokerErrors.Describe(error)}" +
        (BrokerErrors.ReplyCode(error) == Constants.PreconditionFailed
            ? " (declared elsewhere with other flags or arguments: amqp_durable_queues, amqp_auto_delete, rabbit_quorum_queue, rabbit_ha_queues must match the other services)"
            : ""),
        error);
}
