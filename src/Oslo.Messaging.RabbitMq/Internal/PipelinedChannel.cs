using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// One confirm channel with many publishes in flight: a confirm belongs to its publish by sequence number, and the
/// broker can acknowledge several publishes with one frame. A <c>basic.return</c> (mandatory message without a route)
/// carries no sequence number; the broker sends it before the ack of the same message, and the returned body is
/// the published one, so it is matched to the pending mandatory publish with the same exchange, routing key and
/// body (every oslo body holds a fresh <c>_unique_id</c>).
/// </summary>
/// <remarks>
/// Why this is the driver's only publish path: with one publish in flight per channel (the pooled channels it
/// replaced) every confirm is its own frame and its own wake-up; in interleaved A/B runs (bench/results/NOTES.md) the
/// pooled publisher reached 7,663 calls/s at 64 concurrent calls and 14,653 casts/s, this channel 9,523 and 20,262.
/// Publishing (sequence number, then publish) is serialized by a lock, so numbers follow publish order; waiting for the
/// confirm is not. No header is added (RabbitMQ.Client's own tracking would add <c>x-dotnet-pub-seq-no</c>).
/// A caller's cancellation ends its wait for the lock or for the confirm, never a publish half-written: the channel's
/// sequence numbers would no longer match the broker's, and closing it would send every other in-flight publish
/// again (duplicates). A publish in progress is ended only by the channel or connection closing.
/// A call that offers direct reply-to (<see cref="DirectReplyTo"/>) starts the channel's consumer of the pseudo-queue
/// first, under the same lock, so no call names it before the broker has confirmed the consumer. Declares and that
/// consumer (the preparation) wait for the broker, which a hanging cluster node can hold up for longer than any
/// caller's deadline: they run detached from the caller, who waits for them only until its own deadline.
/// </remarks>
internal sealed class PipelinedChannel : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly SemaphoreSlim _publishLock = new(1, 1);
    private readonly Dictionary<ulong, Pending> _pending = [];
    // Read without the publish lock (whether a publish needs its preparation), written under it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _declaredExchanges = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Queue, string Exchange), byte> _declaredQueues = new();
    private readonly BasicProperties _properties;
    private readonly IDictionary<string, object?>? _plainHeaders;
    private Dictionary<string, object?>? _compressedHeaders;
    private readonly Lock _sync = new();
    private readonly RabbitSettings _settings;
    private readonly ILogger _logger;
    private PublishOutcome? _closed;
    private volatile bool _broken;
    private volatile bool _directReplies;
    private DirectReplyTo.Consumer? _directConsumer;

    private PipelinedChannel(IConnection connection, IChannel channel, RabbitSettings settings, ILogger logger)
    {
        Connection = connection;
        _channel = channel;
        _settings = settings;
        _logger = logger;
        // oslo's properties (docs/wire-protocol.md, "Publish properties"); used under the publish lock only.
        _properties = CreateProperties();
        _plainHeaders = _properties.Headers;
        channel.BasicAcksAsync += OnAckAsync;
        channel.BasicNacksAsync += OnNackAsync;
        channel.BasicReturnAsync += OnReturnAsync;
        channel.ChannelShutdownAsync += OnShutdownAsync;
    }

    /// <summary>The connection the channel belongs to.</summary>
    public IConnection Connection { get; }

    /// <summary>Open and not known to be broken.</summary>
    public bool IsUsable => _channel.IsOpen && !_broken;

    /// <summary>Why the broker refused this channel's consumer of <c>amq.rabbitmq.reply-to</c>; null if it did not.</summary>
    public string? DirectRepliesRefused { get; private set; }

    /// <summary>Direct replies this channel received (for tests).</summary>
    public long DirectRepliesReceived => _directConsumer?.Received ?? 0;

    /// <summary>oslo's message properties (docs/wire-protocol.md, "Publish properties"): JSON, UTF-8, persistent, priority 0, empty headers table.</summary>
    /// <remarks>RabbitMQ.Client 7 treats priority 0 as "absent", so the priority property is not put on the wire;
    /// AMQP's default priority is 0, which is what every receiver sees.</remarks>
    public static BasicProperties CreateProperties() => new()
    {
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        DeliveryMode = DeliveryModes.Persistent,
        Priority = 0,
        Headers = new Dictionary<string, object?>(StringComparer.Ordinal),
    };

    public static async Task<PipelinedChannel> OpenAsync(IConnection connection, RabbitSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false);
        var channel = await connection.CreateChannelAsync(options, cancellationToken).ConfigureAwait(false);
        return new PipelinedChannel(connection, channel, settings, logger);
    }

    /// <summary>Publishes (declaring the route's exchange first, once per channel) and waits for the broker's verdict.</summary>
    /// <param name="route">Where to.</param>
    /// <param name="mandatory">Returned by the broker when unroutable.</param>
    /// <param name="timeToLive">The <c>expiration</c> property, or null.</param>
    /// <param name="body">The (compressed, when <paramref name="compression"/> is set) body.</param>
    /// <param name="compression">kombu's <c>compression</c> header value, or null (docs/wire-protocol.md, "Newer oslo options").</param>
    /// <param name="directReplies">For a call, the driver's reply handler, to offer direct reply-to (the channel then
    /// consumes <c>amq.rabbitmq.reply-to</c> and sets <c>reply_to</c>); null for no <c>reply_to</c>.</param>
    /// <param name="cancellationToken">Ends the wait, never a publish half-written.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // Pooled state machine: one less allocation per message (bench/results/NOTES.md).
    public async ValueTask<PublishOutcome> PublishAsync(Route route, bool mandatory, TimeSpan? timeToLive, ReadOnlyMemory<byte> body, string? compression,
        IMessageHandler? directReplies, CancellationToken cancellationToken)
    {
        // The body stays valid until this method returns, i.e. past the ack (a return always comes before it).
        var pending = new Pending(mandatory ? route : null, body);
        if (NeedsPreparation(route, directReplies))
        {
            // Declares wait for the broker, and a cluster node that hangs (paused, not yet given up by the others)
            // holds up a declare on every node for up to net_ticktime. The preparation owns the publish lock and is
            // never cancelled (a broker round trip abandoned half-way would leave the channel out of step); the caller
            // only stops waiting for it at its own deadline. Nothing of the caller's (its body) is used by it.
            await PrepareAsync(route, directReplies).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await _publishLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        ulong tag;
        try
        {
            // CancellationToken.None from here to the end of the publish: see the remarks.
            tag = await _channel.GetNextPublishSequenceNumberAsync(CancellationToken.None).ConfigureAwait(false);
            lock (_sync)
            {
                if (_closed is { } closed)
                {
                    return closed;
                }

                _pending[tag] = pending;
                pending.Tag = tag;
            }

            _properties.Expiration = timeToLive is { } ttl
                ? ((long)Math.Max(0, ttl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) // oslo: str(int(timeout * 1000))
                : null;
            _properties.Headers = compression is null ? _plainHeaders : _compressedHeaders ??= new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [MessageCompression.Header] = compression,
            };
            _properties.ReplyTo = directReplies is not null && _directReplies ? DirectReplyTo.PseudoQueue : null;
            await _channel.BasicPublishAsync(route.Exchange, route.RoutingKey, mandatory, _properties, body, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            // The channel or its connection failed mid-publish: whether the broker saw it is unknown, and this
            // channel's numbering can no longer be trusted.
            Close(new PublishOutcome(PublishOutcomeKind.ChannelClosed, 0, "publish failed"));
            throw;
        }
        finally
        {
            _publishLock.Release();
        }

        try
        {
            return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_sync)
            {
                _pending.Remove(tag); // The caller's body may be reused now: never compare a return with it.
            }

            throw;
        }
    }

    /// <summary>Closes a channel that was replaced, in the background: waits (at most 30 s) for a preparation still
    /// holding the publish lock, then closes and disposes. Never awaited by a sender: a channel whose broker process is
    /// stuck (in a declare a hanging cluster node holds up) answers its close only when that declare ends, and a
    /// channel disposed while a broker round trip is pending makes RabbitMQ.Client fail the whole connection (541)
    /// when the late answer arrives.</summary>
    public async Task RetireAsync()
    {
        Close(new PublishOutcome(PublishOutcomeKind.ChannelClosed, 0, "the channel was replaced"));
        try
        {
            if (await _publishLock.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false))
            {
                _publishLock.Release();
            }

            await DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RabbitMqLog.ChannelCloseFailed(_logger, ex); // Nobody waits for it; never unobserved.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close(new PublishOutcome(PublishOutcomeKind.ChannelClosed, 0, "the publisher was closed"));
        try
        {
            if (_channel.IsOpen)
            {
                await _channel.CloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex) || ex is ObjectDisposedException or OperationCanceledException)
        {
            // The connection is gone already.
        }
        finally
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task OnAckAsync(object sender, BasicAckEventArgs e)
    {
        Complete(e.DeliveryTag, e.Multiple, ack: true);
        return Task.CompletedTask;
    }

    private Task OnNackAsync(object sender, BasicNackEventArgs e)
    {
        Complete(e.DeliveryTag, e.Multiple, ack: false);
        return Task.CompletedTask;
    }

    private Task OnReturnAsync(object sender, BasicReturnEventArgs e)
    {
        lock (_sync)
        {
            Pending? match = null;
            foreach (var pending in _pending.Values)
            {
                if (pending.Route is { } route && pending.Returned is null
                    && route.Exchange == e.Exchange && route.RoutingKey == e.RoutingKey
                    && pending.Body.Span.SequenceEqual(e.Body.Span)
                    && (match is null || pending.Tag < match.Tag))
                {
                    match = pending;
                }
            }

            if (match is not null)
            {
                match.Returned = new PublishOutcome(PublishOutcomeKind.Returned, e.ReplyCode, e.ReplyText);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>True when <paramref name="route"/>'s exchange or queue is not declared on this channel yet, or the
    /// direct reply consumer is wanted and not started (nor refused).</summary>
    private bool NeedsPreparation(Route route, IMessageHandler? directReplies) =>
        (route.Declare is { } exchange && !_declaredExchanges.ContainsKey(exchange.Name))
        || (route.DeclareQueue is { } queue && !_declaredQueues.ContainsKey((queue.Name, route.Exchange)))
        || (directReplies is not null && !_directReplies && DirectRepliesRefused is null);

    /// <summary>Declares the route's exchange and queue and starts the direct reply consumer (what is still missing),
    /// under the publish lock, detached from any caller's cancellation (see <see cref="PublishAsync"/>). A failure
    /// closes the channel for every publish, as a failed publish does.</summary>
    private Task PrepareAsync(Route route, IMessageHandler? directReplies) => Task.Run(async () =>
    {
        await _publishLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (route.Declare is { } exchange && !_declaredExchanges.ContainsKey(exchange.Name))
            {
                await _channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete,
                    arguments: null, passive: false, noWait: false, CancellationToken.None).ConfigureAwait(false);
                _declaredExchanges.TryAdd(exchange.Name, 0);
            }

            if (route.DeclareQueue is { } queue && _declaredQueues.TryAdd((queue.Name, route.Exchange), 0))
            {
                // As oslo's notifier: the queue named like the routing key keeps notifications while nobody listens.
                await _channel.QueueDeclareAsync(queue.Name, queue.Durable, exclusive: false, queue.AutoDelete,
                    new Dictionary<string, object?>(queue.Arguments), passive: false, noWait: false, CancellationToken.None).ConfigureAwait(false);
                await _channel.QueueBindAsync(queue.Name, route.Exchange, queue.BindingKey, arguments: null, noWait: false, CancellationToken.None).ConfigureAwait(false);
            }

            if (directReplies is not null && !_directReplies && DirectRepliesRefused is null)
            {
                await ConsumeDirectRepliesAsync(directReplies).ConfigureAwait(false);
            }
        }
        catch
        {
            Close(new PublishOutcome(PublishOutcomeKind.ChannelClosed, 0, "declare failed"));
            throw;
        }
        finally
        {
            _publishLock.Release();
        }
    });

    /// <summary>Starts the no-ack consumer of <c>amq.rabbitmq.reply-to</c>; called under the publish lock. A refusal
    /// that leaves the channel open only turns direct reply-to off for this channel; one that closes it fails the publish.</summary>
    private async Task ConsumeDirectRepliesAsync(IMessageHandler handler)
    {
        try
        {
            var consumer = new DirectReplyTo.Consumer(_channel, handler, _settings, _logger);
            await _channel.BasicConsumeAsync(DirectReplyTo.PseudoQueue, autoAck: true, consumerTag: "", noLocal: false, exclusive: false,
                arguments: null, consumer, CancellationToken.None).ConfigureAwait(false);
            _directConsumer = consumer;
            _directReplies = true;
        }
        catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex))
        {
            DirectRepliesRefused = BrokerErrors.Describe(ex);
            if (!_channel.IsOpen)
            {
                throw;
            }
        }
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs e)
    {
        if (_directReplies && e.Initiator != ShutdownInitiator.Application)
        {
            RabbitMqLog.DirectRepliesLost(_logger, $"{e.ReplyCode} {e.ReplyText}");
        }

        Close(new PublishOutcome(PublishOutcomeKind.ChannelClosed, e.ReplyCode, e.ReplyText, e.Initiator == ShutdownInitiator.Peer));
        return Task.CompletedTask;
    }

    private void Complete(ulong deliveryTag, bool multiple, bool ack)
    {
        if (!multiple)
        {
            // The common case: no list for a single confirm.
            Pending? one;
            lock (_sync)
            {
                _pending.Remove(deliveryTag, out one);
            }

            one?.Completion.TrySetResult(!ack ? new PublishOutcome(PublishOutcomeKind.Nacked) : one.Returned ?? PublishOutcome.Confirmed);
            return;
        }

        List<Pending> done = [];
        lock (_sync)
        {
            foreach (var tag in _pending.Keys)
            {
                if (tag <= deliveryTag)
                {
                    done.Add(_pending[tag]);
                }
            }

            foreach (var pending in done)
            {
                _pending.Remove(pending.Tag);
            }
        }

        foreach (var pending in done)
        {
            pending.Completion.TrySetResult(!ack ? new PublishOutcome(PublishOutcomeKind.Nacked) : pending.Returned ?? PublishOutcome.Confirmed);
        }
    }

    private void Close(PublishOutcome outcome)
    {
        List<Pending> waiting;
        lock (_sync)
        {
            _closed ??= outcome;
            _broken = true;
            waiting = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var pending in waiting)
        {
            pending.Completion.TrySetResult(outcome);
        }
    }

    /// <summary>One publish waiting for its confirm; <see cref="Route"/> is set for mandatory ones (they may be returned).</summary>
    private sealed class Pending(Route? route, ReadOnlyMemory<byte> body)
    {
        public TaskCompletionSource<PublishOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Route? Route { get; } = route;

        public ReadOnlyMemory<byte> Body { get; } = body;

        public PublishOutcome? Returned { get; set; }

        public ulong Tag { get; set; }
    }
}
