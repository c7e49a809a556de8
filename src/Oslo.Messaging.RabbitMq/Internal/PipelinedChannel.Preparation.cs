using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Internal;

// What a route needs before its first publish on this channel (declares, the direct reply consumer): run detached
// from the caller, see PublishAsync.
internal sealed partial class PipelinedChannel
{
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
}
