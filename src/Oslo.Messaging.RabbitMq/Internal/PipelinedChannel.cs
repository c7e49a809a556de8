using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
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
internal sealed partial class PipelinedChannel : IAsyncDisposable
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
    private (long Milliseconds, string Text)? _lastExpiration;

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
    /// <param name="detached">Null to wait for the broker's verdict; otherwise the publish ends with
    /// <see cref="PublishOutcome.Written"/> once written and the verdict goes to it (<paramref name="body"/> must then
    /// stay valid until it has).</param>
    /// <param name="cancellationToken">Ends the wait, never a publish half-written.</param>
    public ValueTask<PublishOutcome> PublishAsync(Route route, bool mandatory, TimeSpan? timeToLive, ReadOnlyMemory<byte> body, string? compression,
        IMessageHandler? directReplies, IPublishVerdict? detached, CancellationToken cancellationToken)
    {
        // The happy path runs without a state machine of its own (the largest object per publish before,
        // bench/results/NOTES.md): nothing to declare or start, the lock free at once, and RabbitMQ.Client's sequence
        // number and publish done at once. Anything else continues in PublishSlowAsync, with the same steps.
        if (cancellationToken.IsCancellationRequested || !_publishLock.Wait(0, CancellationToken.None))
        {
            return PublishSlowAsync(route, mandatory, timeToLive, body, compression, directReplies, detached, cancellationToken);
        }

        if (NeedsPreparation(route, directReplies))
        {
            _publishLock.Release();
            return PublishSlowAsync(route, mandatory, timeToLive, body, compression, directReplies, detached, cancellationToken);
        }

        // The body stays valid until the caller's wait ends, i.e. past the ack (a return always comes before it).
        var pending = new Pending(this, mandatory ? route : null, body, detached);
        ValueTask publish;
        try
        {
            var next = _channel.GetNextPublishSequenceNumberAsync(CancellationToken.None);
            if (!next.IsCompletedSuccessfully)
            {
                return FinishPublishAsync(next, default, pending, route, mandatory, timeToLive, body, compression, directReplies, detached, cancellationToken);
            }

            if (Begin(next.Result, pending, route, mandatory, timeToLive, body, compression, directReplies, out publish) is { } closed)
            {
                _publishLock.Release();
                return new ValueTask<PublishOutcome>(closed);
            }

            if (!publish.IsCompletedSuccessfully)
            {
                return FinishPublishAsync(null, publish, pending, route, mandatory, timeToLive, body, compression, directReplies, detached, cancellationToken);
            }

            publish.GetAwaiter().GetResult(); // a pooled source wants its result taken
        }
        catch
        {
            PublishFailed();
            _publishLock.Release();
            throw;
        }

        _publishLock.Release();
        return detached is null ? pending.WaitAsync(cancellationToken) : new ValueTask<PublishOutcome>(PublishOutcome.Written);
    }

    /// <summary>The general path of <see cref="PublishAsync"/>: declares and starts what the route needs first, waits
    /// for the lock, then publishes.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // Pooled state machine: one less allocation per message (bench/results/NOTES.md).
    private async ValueTask<PublishOutcome> PublishSlowAsync(Route route, bool mandatory, TimeSpan? timeToLive, ReadOnlyMemory<byte> body, string? compression,
        IMessageHandler? directReplies, IPublishVerdict? detached, CancellationToken cancellationToken)
    {
        if (NeedsPreparation(route, directReplies))
        {
            // Declares wait for the broker, and a cluster node that hangs (paused, not yet given up by the others)
            // holds up a declare on every node for up to net_ticktime. The preparation owns the publish lock and is
            // never cancelled (a broker round trip abandoned half-way would leave the channel out of step); the caller
            // only stops waiting for it at its own deadline. Nothing of the caller's (its body) is used by it.
            await PrepareAsync(route, directReplies).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // The body stays valid until the caller's wait ends, i.e. past the ack (a return always comes before it).
        var pending = new Pending(this, mandatory ? route : null, body, detached);
        await _publishLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // CancellationToken.None from here to the end of the publish: see the remarks.
            var tag = await _channel.GetNextPublishSequenceNumberAsync(CancellationToken.None).ConfigureAwait(false);
            if (Begin(tag, pending, route, mandatory, timeToLive, body, compression, directReplies, out var publish) is { } closed)
            {
                return closed;
            }

            await publish.ConfigureAwait(false);
        }
        catch
        {
            PublishFailed();
            throw;
        }
        finally
        {
            _publishLock.Release();
        }

        return detached is null ? await pending.WaitAsync(cancellationToken).ConfigureAwait(false) : PublishOutcome.Written;
    }

    /// <summary><see cref="PublishAsync"/> after a step that did not complete at once: the sequence number
    /// (<paramref name="next"/>; the publish then starts here) or the publish itself (<paramref name="publish"/>). The
    /// lock is held.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<PublishOutcome> FinishPublishAsync(ValueTask<ulong>? next, ValueTask publish, Pending pending, Route route, bool mandatory,
        TimeSpan? timeToLive, ReadOnlyMemory<byte> body, string? compression, IMessageHandler? directReplies, IPublishVerdict? detached, CancellationToken cancellationToken)
    {
        try
        {
            if (next is { } sequence
                && Begin(await sequence.ConfigureAwait(false), pending, route, mandatory, timeToLive, body, compression, directReplies, out publish) is { } closed)
            {
                return closed;
            }

            await publish.ConfigureAwait(false);
        }
        catch
        {
            PublishFailed();
            throw;
        }
        finally
        {
            _publishLock.Release();
        }

        return detached is null ? await pending.WaitAsync(cancellationToken).ConfigureAwait(false) : PublishOutcome.Written;
    }

    /// <summary>Records <paramref name="pending"/> under <paramref name="tag"/> and starts the publish; called under
    /// the publish lock. Returns the channel's closing outcome instead when it is closed already.</summary>
    private PublishOutcome? Begin(ulong tag, Pending pending, Route route, bool mandatory, TimeSpan? timeToLive, ReadOnlyMemory<byte> body,
        string? compression, IMessageHandler? directReplies, out ValueTask publish)
    {
        lock (_sync)
        {
            if (_closed is { } closed)
            {
                publish = default;
                return closed;
            }

            _pending[tag] = pending;
            pending.Tag = tag;
        }

        _properties.Expiration = timeToLive is { } ttl ? Expiration(ttl) : null;
        _properties.Headers = compression is null ? _plainHeaders : _compressedHeaders ??= new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [MessageCompression.Header] = compression,
        };
        _properties.ReplyTo = directReplies is not null && _directReplies ? DirectReplyTo.PseudoQueue : null;
        publish = _channel.BasicPublishAsync(route.Exchange, route.RoutingKey, mandatory, _properties, body, CancellationToken.None);
        return null;
    }

    /// <summary>oslo's <c>str(int(timeout * 1000))</c>; the last one is kept (under the publish lock), as every call
    /// of a client has the same timeout.</summary>
    private string Expiration(TimeSpan ttl)
    {
        var milliseconds = (long)Math.Max(0, ttl.TotalMilliseconds);
        if (_lastExpiration is not { } last || last.Milliseconds != milliseconds)
        {
            _lastExpiration = last = (milliseconds, milliseconds.ToString(CultureInfo.InvariantCulture));
        }

        return last.Text;
    }

    /// <summary>The channel or its connection failed mid-publish: whether the broker saw it is unknown, and this
    /// channel's numbering can no longer be trusted.</summary>
    private void PublishFailed() => Close(new PublishOutcome(PublishOutcomeKind.ChannelClosed, 0, "publish failed"));

    /// <summary>A cancelled wait: the publish is forgotten, so its body (which the caller may reuse now) is never
    /// compared with a return.</summary>
    private void Forget(ulong tag)
    {
        lock (_sync)
        {
            _pending.Remove(tag);
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

            one?.TrySetResult(!ack ? new PublishOutcome(PublishOutcomeKind.Nacked) : one.Returned ?? PublishOutcome.Confirmed);
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
            pending.TrySetResult(!ack ? new PublishOutcome(PublishOutcomeKind.Nacked) : pending.Returned ?? PublishOutcome.Confirmed);
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
            pending.TrySetResult(outcome);
        }
    }
}
