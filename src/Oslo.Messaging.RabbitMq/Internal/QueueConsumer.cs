using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// Consumes one queue on its group's channel (shared by an RPC server's three queues, as oslo's one channel per
/// listen connection): declares exchange, queue and binding exactly as oslo, consumes with manual ack and hands over
/// one message at a time (one at a time per channel: RabbitMQ.Client dispatches a channel's deliveries in order). An RPC handler's message is acked on receipt, before the handler runs
/// (oslo's at-most-once); a notification handler's when the handler settles it (<see cref="DeliverySettlement"/>), which
/// may be after the handler returned, so a notification group keeps its channel open after it stopped, until it is
/// disposed.
/// Reports a lost consumer (broker cancel, channel closed by the broker) so its <see cref="ConsumerGroup"/> recovers it.
/// </summary>
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphores never create a wait handle, so they hold nothing to release; a delivery racing StopAsync may still wait on them.")]
internal sealed class QueueConsumer
{
    /// <summary>How many taken queue manager names are skipped before giving up (each is a consumer of another connection).</summary>
    private const int MaxNameAttempts = 100;
    private volatile QueueSpec _spec;
    private volatile bool _nameFixed;
    private long _nextStreamOffset = -1; // -1: "next" (no delivery seen yet)
    private readonly IMessageHandler? _handler;
    private readonly IAcknowledgingMessageHandler? _acknowledging;
    private readonly RabbitSettings _settings;
    private readonly ILogger _logger;
    private readonly Action<QueueConsumer, string> _onLost;
    private readonly CancellationToken _lifetime;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _setupLock = new(1, 1);
    private volatile bool _stopped;
    private volatile IChannel? _channel;
    private volatile bool _consuming;
    private string? _consumerTag;
    private bool _prefetchWarned;

    /// <param name="spec">The queue.</param>
    /// <param name="handler">An RPC handler (acknowledged on receipt) or an <see cref="IAcknowledgingMessageHandler"/>
    /// (acknowledged or requeued after it returns).</param>
    /// <param name="settings">The driver's options.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="onLost">Told when the consumer is lost.</param>
    /// <param name="lifetime">Cancelled when the group is disposed.</param>
    public QueueConsumer(QueueSpec spec, object handler, RabbitSettings settings, ILogger logger,
        Action<QueueConsumer, string> onLost, CancellationToken lifetime)
    {
        _spec = spec;
        _handler = handler as IMessageHandler;
        _acknowledging = handler as IAcknowledgingMessageHandler;
        if (_handler is null == _acknowledging is null)
        {
            throw new ArgumentException("Expected exactly one kind of message handler", nameof(handler));
        }

        _settings = settings;
        _logger = logger;
        _onLost = onLost;
        _lifetime = lifetime;
    }

    /// <summary>The queue as declared now: its name may have moved to the queue manager's next one (taken name) and its
    /// flags to non-durable (oslo's durable fallback).</summary>
    public QueueSpec Spec => _spec;

    /// <summary>The stream offset the next set-up consumes from, or -1 for "next" (no delivery seen yet).</summary>
    public long NextStreamOffset => Interlocked.Read(ref _nextStreamOffset);

    /// <summary>The name is handed out (as a reply address or the fanout queue): it no longer moves on when taken; a set-up
    /// then fails and is retried until the other consumer is gone. Returns the name.</summary>
    public string FixName()
    {
        _nameFixed = true;
        return _spec.Name;
    }

    /// <summary>The <c>basic.qos</c> prefetch this consumer was set up with (0 = unlimited).</summary>
    public ushort Prefetch { get; private set; }

    /// <summary>The channel this consumer consumes on: its group's, shared with the group's other consumers (tests
    /// close it to simulate a silently lost consumer).</summary>
    public IChannel? Channel => _channel;

    /// <summary>A notification consumer: its deliveries are settled after handling, on the channel they came on.</summary>
    public bool Settles => _acknowledging is not null;

    /// <summary>Consuming on <paramref name="channel"/>, as far as this client knows (no cancel, no shutdown seen).</summary>
    public bool IsConsumingOn(IChannel channel) => _consuming && ReferenceEquals(_channel, channel);

    /// <summary>The group left the channel (closed it, or it was closed under it): set up again on the next one.</summary>
    public void Detach()
    {
        _consuming = false;
        _channel = null;
    }

    /// <summary>The check found the consumer gone while its channel is open: consume again on the next set-up.</summary>
    public void MarkLost() => _consuming = false;

    /// <summary>The prefetch this consumer needs (the group sets it once per channel, before any consume: with
    /// <c>global=false</c> RabbitMQ applies it to each consumer on the channel on its own).</summary>
    public ushort DesiredPrefetch()
    {
        // Without a prefetch the broker pushes the whole queue and RabbitMQ.Client buffers it in memory while the
        // handler (which waits when its executor is full) takes one at a time: the prefetch is what bounds memory.
        var prefetch = _settings.PrefetchFor(_handler?.MaxConcurrency ?? _acknowledging!.MaxConcurrency * _acknowledging.BatchSize);
        if (_acknowledging is { BatchSize: var batchSize } && prefetch > 0 && prefetch < batchSize)
        {
            // A batch needs that many unsettled messages at once: with fewer, the broker would never send the rest.
            if (!_prefetchWarned)
            {
                _prefetchWarned = true;
                RabbitMqLog.PrefetchBelowBatch(_logger, prefetch, batchSize, _spec.Name);
            }

            prefetch = (ushort)Math.Min(batchSize, ushort.MaxValue);
        }

        return prefetch;
    }

    /// <summary>Declares exchange, queue and binding and starts consuming on <paramref name="channel"/>, the group's
    /// channel with its prefetch set. Returns false when the broker refused it in a way a changed declaration fixes
    /// (<see cref="Adapt"/>): that closed the channel, and the group sets its consumers up again on a new one. Does
    /// nothing once stopped.</summary>
    /// <remarks><paramref name="acks"/>: the channel's batched acknowledgements (a consumer that acknowledges on
    /// receipt), or null.</remarks>
    public async Task<bool> ConsumeOnAsync(IChannel channel, ushort prefetch, AckBatch? acks, int attempt, CancellationToken cancellationToken)
    {
        await _setupLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return true;
            }

            var spec = _spec;
            _consuming = false;
            _channel = channel;
            Prefetch = prefetch;
            try
            {
                await DeclareAndConsumeAsync(channel, spec, acks, cancellationToken).ConfigureAwait(false);
                _consuming = true;
                _nameFixed = true;
                return true;
            }
            catch (OperationInterruptedException ex) when (Adapt(spec, ex, attempt) is { } next)
            {
                _spec = next;
                return false;
            }
        }
        finally
        {
            _setupLock.Release();
        }
    }

    /// <summary>What to declare instead after the broker refused <paramref name="spec"/>, or null to fail: the queue
    /// manager's next name when another connection consumes this one (403 exclusive use; only before the name is handed
    /// out), or oslo's non-durable fallback for a topic queue whose exchange or queue exists non-durable (406 durable).</summary>
    private QueueSpec? Adapt(QueueSpec spec, OperationInterruptedException error, int attempt)
    {
        var code = BrokerErrors.ReplyCode(error);
        if (code == Constants.AccessRefused && spec.NextName is { } nextName && !_nameFixed && attempt < MaxNameAttempts
            && error.ShutdownReason?.ReplyText?.Contains("exclusive", StringComparison.Ordinal) == true)
        {
            var next = spec with { Name = nextName() };
            RabbitMqLog.QueueNameTaken(_logger, spec.Name, next.Name);
            return next;
        }

        if (spec.DurableFallback && BrokerErrors.IsDurableMismatch(error) && (spec.Durable || spec.Exchange?.Durable == true))
        {
            RabbitMqLog.DurableFallback(_logger, spec.Name, BrokerErrors.Describe(error));
            return spec.NonDurable() with { DurableFallback = false };
        }

        return null;
    }

    /// <summary>Checks with a passive declare that the queue exists and has a consumer; returns the problem, or null.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var channel = _channel;
        if (_stopped)
        {
            return null;
        }

        if (channel is not { IsOpen: true })
        {
            return "the consumer's channel is closed";
        }

        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(_spec.Name, cancellationToken).ConfigureAwait(false);
            // RabbitMQ reports 0 consumers for a stream whoever reads it: only its existence can be checked.
            return ok.ConsumerCount == 0 && !_spec.Stream ? "no consumer on the queue" : null;
        }
        catch (OperationInterruptedException ex)
        {
            return $"the queue is missing ({BrokerErrors.Describe(ex)})";
        }
    }

    /// <summary>No handler call starts after this returns, and none is in progress. A notification consumer cancels its
    /// consumer: the channel stays open for the settlements still to come, until the group closes it. An RPC consumer
    /// leaves that to its group, which closes the channel, so messages delivered but not yet handed over go back to
    /// the queue.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _gate.WaitAsync().ConfigureAwait(false);
        _gate.Release();
        await _setupLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_acknowledging is not null && _consuming && _channel is { IsOpen: true } channel && _consumerTag is { } tag)
            {
                await CancelConsumerAsync(channel, tag).ConfigureAwait(false);
            }
        }
        finally
        {
            _setupLock.Release();
        }
    }

    private async Task CancelConsumerAsync(IChannel channel, string tag)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await channel.BasicCancelAsync(tag, noWait: false, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex) || ex is OperationCanceledException or ObjectDisposedException)
        {
            // The channel is failing: its deliveries go back to the queue anyway, and no handler call starts (stopped).
        }
    }

    private async Task DeclareAndConsumeAsync(IChannel channel, QueueSpec spec, AckBatch? acks, CancellationToken cancellationToken)
    {
        if (spec.Exchange is { } exchange)
        {
            await channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete,
                arguments: null, passive: false, noWait: false, cancellationToken).ConfigureAwait(false);
        }

        await channel.QueueDeclareAsync(spec.Name, spec.Durable, exclusive: false, spec.AutoDelete,
            new Dictionary<string, object?>(spec.Arguments), passive: false, noWait: false, cancellationToken).ConfigureAwait(false);
        if (spec.Exchange is { } source)
        {
            await channel.QueueBindAsync(spec.Name, source.Name, spec.BindingKey, arguments: null, noWait: false, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (more, key) in spec.MoreBindings ?? [])
        {
            await channel.ExchangeDeclareAsync(more.Name, more.Type, more.Durable, more.AutoDelete,
                arguments: null, passive: false, noWait: false, cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(spec.Name, more.Name, key, arguments: null, noWait: false, cancellationToken).ConfigureAwait(false);
        }

        var arguments = ConsumeArguments(spec, _settings.EnableCancelOnFailover, Interlocked.Read(ref _nextStreamOffset));
        // Queue manager names are claimed by consuming exclusively: another process with the same names cannot share them.
        _consumerTag = await channel.BasicConsumeAsync(spec.Name, autoAck: false, consumerTag: "", noLocal: false, exclusive: spec.NextName is not null, arguments,
            new DeliveryConsumer(channel, this, acks), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>basic.consume</c> arguments: a stream is read from an offset (which replaces oslo's failover
    /// argument), where the last delivery left off, or <c>"next"</c> when new (<paramref name="nextStreamOffset"/> -1), so a
    /// server never replays old fanout casts (oslo starts at <c>"last"</c>, the last chunk, which may hold old casts).</summary>
    internal static Dictionary<string, object?>? ConsumeArguments(QueueSpec spec, bool cancelOnFailover, long nextStreamOffset) =>
        spec.Stream
            ? new Dictionary<string, object?> { ["x-stream-offset"] = nextStreamOffset < 0 ? "next" : nextStreamOffset }
            : cancelOnFailover
                ? new Dictionary<string, object?> { ["x-cancel-on-ha-failover"] = true }
                : null;

    private async Task DeliverAsync(IChannel channel, AckBatch? acks, ulong deliveryTag, string? contentType, IDictionary<string, object?>? headers,
        string? replyTo, ReadOnlyMemory<byte> body)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                if (_acknowledging is not null)
                {
                    // The channel stays open until the listener's wait is over: give it back now, for other consumers.
                    await new DeliverySettlement(channel, deliveryTag, _spec.Name, _logger).SettleAsync(DeliveryOutcome.Requeue).ConfigureAwait(false);
                }

                if (acks is not null)
                {
                    await acks.HoleAsync().ConfigureAwait(false); // no later multiple ack may cover it
                }

                return; // RPC: not acknowledged, back to the queue when the channel closes.
            }

            if (body.Length > _settings.MaxMessageSize)
            {
                await RejectAsync(channel, deliveryTag, body.Length).ConfigureAwait(false);
                return;
            }

            if (_spec.Stream && headers?.TryGetValue("x-stream-offset", out var offset) == true && offset is long position)
            {
                // Resume after this one on a new channel (oslo: next_stream_offset = offset + 1): nothing lost or repeated.
                Interlocked.Exchange(ref _nextStreamOffset, position + 1);
            }

            if (headers?.TryGetValue(MessageCompression.Header, out var compression) == true && compression is not null)
            {
                var mime = compression is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : compression.ToString() ?? "";
                if (MessageCompression.Decompress(mime, body, _settings.MaxMessageSize, out var problem) is not { } plain)
                {
                    RabbitMqLog.MessageNotDecompressed(_logger, _spec.Name, mime, problem ?? "unknown");
                    await RejectWithoutRequeueAsync(channel, deliveryTag).ConfigureAwait(false);
                    return;
                }

                body = plain;
            }

            if (_acknowledging is not null)
            {
                await HandOverAsync(channel, deliveryTag, contentType, body).ConfigureAwait(false);
                return;
            }

            if (acks is not null)
            {
                // Acknowledged on receipt, in a batch with the channel's next deliveries (AckBatch: at most a few, for
                // at most a millisecond; never held when the consumer is idle).
                await acks.AckAsync(deliveryTag).ConfigureAwait(false);
            }
            else
            {
                try
                {
                    await channel.BasicAckAsync(deliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex))
                {
                    RabbitMqLog.AckFailed(_logger, _spec.Name, BrokerErrors.Describe(ex));
                    return;
                }
            }

            try
            {
                // A .NET caller's direct reply-to address (docs/rabbitmq.md, "Direct reply-to"); Python callers set none.
                var direct = _settings.DirectReplyTo && DirectReplyTo.IsAddress(replyTo) ? replyTo : null;
                await _handler!.HandleAsync(new IncomingMessage(body, contentType, _spec.Name) { ReplyAddress = direct }, _lifetime).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                RabbitMqLog.HandlerFailed(_logger, _spec.Name, ex); // The contract says handlers do not throw; never let one kill the consumer.
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A notification: handed over with its settlement, which the handler uses once it processed it. A handler
    /// that throws breaks its contract; the message is acknowledged so it cannot loop forever. If the channel fails
    /// before the settlement, the broker redelivers the message (at-least-once, as oslo's listeners).</summary>
    private async Task HandOverAsync(IChannel channel, ulong deliveryTag, string? contentType, ReadOnlyMemory<byte> body)
    {
        var settlement = new DeliverySettlement(channel, deliveryTag, _spec.Name, _logger);
        try
        {
            await _acknowledging!.HandleAsync(new IncomingMessage(body, contentType, _spec.Name), settlement, _lifetime).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RabbitMqLog.HandlerFailed(_logger, _spec.Name, ex);
            await settlement.SettleAsync(DeliveryOutcome.Acknowledge).ConfigureAwait(false);
        }
    }

    /// <summary>Rejects without requeue: redelivering a message that will always be too large would loop forever.</summary>
    private Task RejectAsync(IChannel channel, ulong deliveryTag, int size)
    {
        RabbitMqLog.MessageTooLarge(_logger, _spec.Name, size, _settings.MaxMessageSize);
        return RejectWithoutRequeueAsync(channel, deliveryTag);
    }

    private async Task RejectWithoutRequeueAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicRejectAsync(deliveryTag, requeue: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex))
        {
            RabbitMqLog.AckFailed(_logger, _spec.Name, BrokerErrors.Describe(ex));
        }
    }

    /// <summary>The stream was deleted (or failed over): its offsets start again, so the stored one means nothing now
    /// (oslo resets to "last" on a Basic.cancel).</summary>
    private void ResetStreamOffset()
    {
        if (_spec.Stream && Interlocked.Exchange(ref _nextStreamOffset, -1) is var dropped and >= 0)
        {
            RabbitMqLog.StreamOffsetReset(_logger, _spec.Name, dropped);
        }
    }

    private void OnLost(IChannel channel, string reason)
    {
        if (!_stopped && ReferenceEquals(channel, _channel))
        {
            _consuming = false;
            _onLost(this, reason);
        }
    }

    private sealed class DeliveryConsumer(IChannel channel, QueueConsumer owner, AckBatch? acks) : AsyncDefaultBasicConsumer(channel)
    {
        public override Task HandleBasicDeliverAsync(string consumerTag, ulong deliveryTag, bool redelivered, string exchange,
            string routingKey, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
            owner.DeliverAsync(Channel, acks, deliveryTag, properties.ContentType, properties.Headers, properties.ReplyTo, body);

        public override async Task HandleBasicCancelAsync(string consumerTag, CancellationToken cancellationToken = default)
        {
            await base.HandleBasicCancelAsync(consumerTag, cancellationToken).ConfigureAwait(false);
            owner.ResetStreamOffset();
            owner.OnLost(Channel, "the broker cancelled the consumer (queue deleted or failed over)");
        }

        public override async Task HandleChannelShutdownAsync(object channel, ShutdownEventArgs reason)
        {
            await base.HandleChannelShutdownAsync(channel, reason).ConfigureAwait(false);
            if (reason.Initiator != ShutdownInitiator.Application)
            {
                owner.OnLost(Channel, $"channel closed: {reason.ReplyCode} {reason.ReplyText}");
            }
        }
    }
}
