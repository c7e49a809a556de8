using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// Sends messages the way oslo does (docs/wire-protocol.md, "Publishing", "Replies to a missing reply queue", "Reconnecting"):
/// declare the exchange before the first publish on a channel, publish with confirms on the one
/// <see cref="PipelinedChannel"/> of the send connection, retry on a new channel after a connection failure within
/// the send's retry budget, retry a nack with oslo's back-off, turn a
/// <c>basic.return</c> into <see cref="MessageUndeliverableException"/>, and retry replies whose reply queue is missing
/// every 0.25 s for <c>kombu_missing_consumer_retry_timeout</c>.
/// </summary>
internal sealed partial class Publisher : IAsyncDisposable
{
    /// <summary>At most this many replies wait for a missing reply queue at once; further ones fail at once.</summary>
    /// <remarks>Why: each such reply is republished every 0.25 s for up to a minute, and a peer can send any number of
    /// requests naming reply queues that do not exist. A server with the default 64 workers whose caller's reply queue
    /// is briefly gone needs 64, plus heartbeats.</remarks>
    public const int MaxReplyRetries = 128;
    private static readonly TimeSpan _replyRetryInterval = TimeSpan.FromMilliseconds(250);
    private readonly RabbitSettings _settings;
    private readonly Topology _topology;
    private readonly string _maskedUrl;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConnectionKeeper _keeper;
    private readonly ObsoleteReplyQueues _obsolete;
    private readonly SemaphoreSlim _pipelinedLock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _nonDurableExchanges = new(StringComparer.Ordinal);
    private PipelinedChannel? _pipelined;
    private DirectReplyChannel? _directReplyChannel;
    private IMessageHandler? _directReplies;
    private int _replyRetries;

    public Publisher(RabbitSettings settings, Topology topology, BrokerConnector connector, ILogger logger, TimeProvider time)
    {
        _settings = settings;
        _topology = topology;
        _maskedUrl = connector.MaskedUrl;
        _logger = logger;
        _time = time;
        _keeper = new ConnectionKeeper(connector, "send", settings, logger, time);
        _obsolete = new ObsoleteReplyQueues(time);
    }

    /// <summary>The send connection's keeper, for the driver's connection state.</summary>
    public ConnectionKeeper Keeper => _keeper;

    /// <summary>The current pipelined channel (tests check that it survives a cancelled send).</summary>
    public PipelinedChannel? Channel => Volatile.Read(ref _pipelined);

    /// <summary>The channel replies to direct reply-to addresses go out on, once opened (for tests).</summary>
    public DirectReplyChannel? DirectReplyChannel => Volatile.Read(ref _directReplyChannel);

    /// <summary>From now on, calls (<see cref="SendOptions.ExpectsReply"/>) offer direct reply-to, whose replies go to
    /// <paramref name="handler"/> (the driver's reply handler, which also consumes the reply queue).</summary>
    public void OfferDirectReplies(IMessageHandler handler) => Volatile.Write(ref _directReplies, handler);

    public ValueTask SendAsync(Destination destination, ReadOnlyMemory<byte> body, SendOptions options, CancellationToken cancellationToken) =>
        SendCoreAsync(destination, _settings.Compression.Compress(body), options, null, cancellationToken); // kombu compresses every publish, replies included

    /// <summary><see cref="SendAsync"/> of a body compressed already, with the retry budget spent so far (a request
    /// sent again after its send ended, see <see cref="DetachedRequest"/>).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // Pooled state machine: one less allocation per message (bench/results/NOTES.md).
    private async ValueTask SendCoreAsync(Destination destination, ReadOnlyMemory<byte> body, SendOptions options, RetryBudget? budget, CancellationToken cancellationToken)
    {
        var route = WithDurableFallback(_topology.Route(destination));
        var isReply = destination.Kind == DestinationKind.Reply;
        var directReply = isReply && DirectReplyTo.IsAddress(route.RoutingKey);
        if (directReply)
        {
            // Never mandatory: the broker would return the delivered reply (see DirectReplyTo's remarks).
            isReply = false;
            options = options with { Mandatory = false };
        }

        var mandatory = isReply ? _settings.DirectMandatoryFlag : options.Mandatory;
        var directReplies = options.ExpectsReply && destination.Kind != DestinationKind.Reply ? Volatile.Read(ref _directReplies) : null;
        if (isReply && _obsolete.Contains(route.RoutingKey))
        {
            throw new MessageUndeliverableException("", route.RoutingKey, "NO_ROUTE; the reply queue was found missing in the last 60 s");
        }

        // A call offering direct reply-to is not held up by its request's confirm (DetachedRequest); the classic reply
        // path (the option off, or refused by the broker) keeps waiting for it.
        var call = directReplies is not null ? options.PendingCall : null;
        // budget: made at the first failure or wait for a connection: most sends need none
        long? replyRetryStart = null;
        var notFoundRetried = false;
        try
        {
            while (true)
            {
                if (directReply)
                {
                    // A reply to a direct reply-to address: written on the channel without confirms, not retried once
                    // written (see DirectReplyChannel). A failure to write it is retried as any closed channel.
                    DirectReplyChannel replies;
                    try
                    {
                        replies = Volatile.Read(ref _directReplyChannel) is { IsUsable: true } ready && ReferenceEquals(ready.Connection, _keeper.Current)
                            ? ready
                            : await OpenDirectReplyChannelAsync(budget ??= new RetryBudget(options.Retry), cancellationToken).ConfigureAwait(false);
                    }
                    catch (MessageDeliveryFailureException ex)
                    {
                        throw Failure(destination, budget ??= new RetryBudget(options.Retry), ex);
                    }

                    try
                    {
                        await replies.PublishAsync(route.RoutingKey, body).ConfigureAwait(false);
                        return;
                    }
                    catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex))
                    {
                        replies.MarkBroken();
                        budget ??= new RetryBudget(options.Retry);
                        if (!budget.TryConsume(ex))
                        {
                            throw Failure(destination, budget, ex);
                        }

                        var wait = RetryDelay(PublishOutcomeKind.ChannelClosed, budget.Failures);
                        RabbitMqLog.SendRetry(_logger, destination.ToString(), BrokerErrors.Describe(ex), wait.TotalSeconds);
                        if (wait > TimeSpan.Zero)
                        {
                            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                        }

                        continue;
                    }
                }

                // One attempt on the shared pipelined channel (many publishes in flight, see PipelinedChannel), in
                // this method rather than a method of its own: one state machine less per send (bench/results/NOTES.md).
                PipelinedChannel channel;
                try
                {
                    channel = Volatile.Read(ref _pipelined) is { IsUsable: true } ready && ReferenceEquals(ready.Connection, _keeper.Current)
                        ? ready
                        : await GetPipelinedAsync(budget ??= new RetryBudget(options.Retry), cancellationToken).ConfigureAwait(false);
                }
                catch (MessageDeliveryFailureException ex)
                {
                    throw Failure(destination, budget ??= new RetryBudget(options.Retry), ex);
                }

                PublishOutcome outcome;
                var detached = call is null ? null : new DetachedRequest(this, destination, route, body, options, call, budget);
                var written = false;
                try
                {
                    outcome = await channel.PublishAsync(route, mandatory, options.TimeToLive, detached?.Body ?? body, _settings.Compression.Mime, directReplies,
                        detached, cancellationToken).ConfigureAwait(false);
                    written = outcome.Kind == PublishOutcomeKind.Written;
                }
                catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    outcome = PublishFailure(destination, route, ex);
                }
                finally
                {
                    if (written)
                    {
                        detached!.HandOver();
                    }
                    else
                    {
                        detached?.Abandon();
                    }

                    if (directReplies is not null && channel.DirectRepliesRefused is { } refused
                        && Interlocked.CompareExchange(ref _directReplies, null, directReplies) == directReplies)
                    {
                        RabbitMqLog.DirectRepliesUnavailable(_logger, refused);
                    }
                }

                switch (outcome.Kind)
                {
                    case PublishOutcomeKind.Confirmed or PublishOutcomeKind.Written:
                        return;
                    case PublishOutcomeKind.Returned when isReply:
                        replyRetryStart ??= StartReplyRetry(route.RoutingKey, outcome);
                        if (_time.GetElapsedTime(replyRetryStart.Value) >= _settings.MissingConsumerRetryTimeout)
                        {
                            _obsolete.Add(route.RoutingKey);
                            throw new MessageUndeliverableException("", route.RoutingKey,
                                $"{outcome.ReplyCode} {outcome.ReplyText} for {_settings.MissingConsumerRetryTimeout.TotalSeconds:0.###} s; the caller's reply queue is gone");
                        }

                        await Task.Delay(_replyRetryInterval, _time, cancellationToken).ConfigureAwait(false);
                        break;
                    case PublishOutcomeKind.Returned:
                        throw new MessageUndeliverableException(route.Exchange, route.RoutingKey, $"{outcome.ReplyCode} {outcome.ReplyText}".Trim());
                    case PublishOutcomeKind.ChannelClosed when outcome.ReplyCode == Constants.PreconditionFailed
                                                               && route.Declare is { Durable: true } && _nonDurableExchanges.ContainsKey(route.Declare.Name):
                        // oslo 14.1+ (docs/wire-protocol.md, "Newer oslo options"): the exchange exists non-durable, declare it so.
                        route = WithDurableFallback(route);
                        break;
                    case PublishOutcomeKind.ChannelClosed when outcome.ReplyCode == Constants.NotFound && !notFoundRetried:
                        // The exchange went away after this channel declared it (an auto-deleted fanout exchange):
                        // the next channel declares it again.
                        notFoundRetried = true;
                        break;
                    default:
                        var error = new MessageDeliveryFailureException(outcome.ToString());
                        budget ??= new RetryBudget(options.Retry);
                        if (!budget.TryConsume(error))
                        {
                            throw Failure(destination, budget, error);
                        }

                        var delay = RetryDelay(outcome.Kind, budget.Failures);
                        RabbitMqLog.SendRetry(_logger, destination.ToString(), outcome.ToString(), delay.TotalSeconds);
                        if (delay > TimeSpan.Zero)
                        {
                            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                        }

                        break;
                }
            }
        }
        finally
        {
            if (replyRetryStart is not null)
            {
                Interlocked.Decrement(ref _replyRetries);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _pipelined, null) is { } pipelined)
        {
            await pipelined.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _directReplyChannel, null) is { } replies)
        {
            await replies.DisposeAsync().ConfigureAwait(false);
        }

        await _keeper.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>What a broker error during a publish means for the send loop: the durable fallback, a retryable
    /// outcome, or (permanent errors) the send's failure.</summary>
    private PublishOutcome PublishFailure(Destination destination, Route route, Exception ex)
    {
        if (route.Declare is { Durable: true } exchange && BrokerErrors.IsDurableMismatch(ex) && _nonDurableExchanges.TryAdd(exchange.Name, 0))
        {
            RabbitMqLog.ExchangeDurableFallback(_logger, exchange.Name, BrokerErrors.Describe(ex));
            return new PublishOutcome(PublishOutcomeKind.ChannelClosed, Constants.PreconditionFailed, BrokerErrors.Describe(ex));
        }

        return BrokerFailure(destination, ex);
    }

    /// <summary>The route with its exchange declared non-durable when the broker has it so (found once per exchange).</summary>
    private Route WithDurableFallback(Route route) =>
        route.Declare is { Durable: true } exchange && _nonDurableExchanges.ContainsKey(exchange.Name)
            ? route with { Declare = exchange with { Durable = false } }
            : route;

    /// <summary>The pipelined channel, opened again (on the current send connection) when the last one broke; the
    /// caller has checked the current one first (no state machine when it is usable).</summary>
    private async ValueTask<PipelinedChannel> GetPipelinedAsync(RetryBudget budget, CancellationToken cancellationToken)
    {
        await _pipelinedLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _pipelined;
            var connection = await _keeper.GetAsync(budget, cancellationToken).ConfigureAwait(false);
            if (current is { IsUsable: true } && ReferenceEquals(current.Connection, connection))
            {
                return current;
            }

            var opened = await PipelinedChannel.OpenAsync(connection, _settings, _logger, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _pipelined, opened);
            if (current is not null)
            {
                _ = current.RetireAsync(); // in the background: see RetireAsync
            }

            return opened;
        }
        finally
        {
            _pipelinedLock.Release();
        }
    }

    /// <summary>The channel for direct replies, opened again (on the current send connection) when the last one broke.</summary>
    private async ValueTask<DirectReplyChannel> OpenDirectReplyChannelAsync(RetryBudget budget, CancellationToken cancellationToken)
    {
        await _pipelinedLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _directReplyChannel;
            var connection = await _keeper.GetAsync(budget, cancellationToken).ConfigureAwait(false);
            if (current is { IsUsable: true } && ReferenceEquals(current.Connection, connection))
            {
                return current;
            }

            var opened = await DirectReplyChannel.OpenAsync(connection, _settings.Compression.Mime, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _directReplyChannel, opened);
            if (current is not null)
            {
                _ = current.DisposeAsync().AsTask(); // never fails (BrokerObjects.CloseAsync); no sender waits for it
            }

            return opened;
        }
        finally
        {
            _pipelinedLock.Release();
        }
    }

    /// <summary>A broker error during a publish: permanent ones fail the send, others become a retryable outcome.</summary>
    private PublishOutcome BrokerFailure(Destination destination, Exception ex)
    {
        if (BrokerErrors.IsPermanent(ex))
        {
            throw new MessageDeliveryFailureException(
                $"RabbitMQ at \"{_maskedUrl}\" refused the send to {destination}: {BrokerErrors.Describe(ex)}" +
                (BrokerErrors.ReplyCode(ex) == Constants.PreconditionFailed
                    ? " (the exchange exists with other flags: amqp_durable_queues, amqp_auto_delete and rabbit_quorum_queue must match the other services)"
                    : ""),
                ex);
        }

        return new PublishOutcome(PublishOutcomeKind.ChannelClosed, BrokerErrors.ReplyCode(ex), BrokerErrors.Describe(ex));
    }

    /// <summary>Takes one of the <see cref="MaxReplyRetries"/> slots (given back when the send ends) or fails the reply.</summary>
    private long StartReplyRetry(string replyQueue, PublishOutcome outcome)
    {
        if (Interlocked.Increment(ref _replyRetries) > MaxReplyRetries)
        {
            Interlocked.Decrement(ref _replyRetries);
            RabbitMqLog.ReplyRetriesFull(_logger, replyQueue, MaxReplyRetries);
            throw new MessageUndeliverableException("", replyQueue,
                $"{outcome.ReplyCode} {outcome.ReplyText}; not retried: {MaxReplyRetries} replies are already waiting for missing reply queues");
        }

        RabbitMqLog.ReplyQueueMissing(_logger, replyQueue, _settings.MissingConsumerRetryTimeout.TotalSeconds);
        return _time.GetTimestamp();
    }

    /// <summary>The pause before retrying a publish: a nack means the broker cannot take the message now (a full
    /// queue with <c>reject-publish</c>, a resource problem), so it gets oslo's growing back-off, never a tight loop.
    /// A closed channel is retried at once the first time (the next channel usually works), then backs off too.</summary>
    private TimeSpan RetryDelay(PublishOutcomeKind kind, int failures) =>
        kind == PublishOutcomeKind.ChannelClosed && failures <= 1 ? TimeSpan.Zero
        : Backoff.Delay(_settings, kind == PublishOutcomeKind.ChannelClosed ? failures - 1 : failures);

    private MessageDeliveryFailureException Failure(Destination destination, RetryBudget budget, Exception error) =>
        new($"Could not send to {destination} through RabbitMQ at \"{_maskedUrl}\" after {budget.Failures} failed attempt(s): " +
            BrokerErrors.Describe(error), error);
}
