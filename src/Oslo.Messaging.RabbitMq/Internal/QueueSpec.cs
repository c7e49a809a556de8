namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>A queue as oslo declares it, with the exchange and routing key it is bound by (none for the reply queue,
/// which the default exchange reaches by name).</summary>
/// <param name="Name">The queue name.</param>
/// <param name="Durable">Survives a broker restart.</param>
/// <param name="AutoDelete">Deleted when its last consumer goes.</param>
/// <param name="Arguments">Declare arguments (<c>x-expires</c>, <c>x-queue-type</c>, ...); compared by the broker on re-declare.</param>
/// <param name="Exchange">The exchange to declare and bind from, or null.</param>
/// <param name="BindingKey">The binding's routing key.</param>
/// <param name="MoreBindings">Further bindings of the queue (a notification pool queue is bound with every routing key
/// of its listener), each exchange declared before binding.</param>
/// <param name="Stream">A stream queue (<c>rabbit_stream_fanout</c>): consumed from an offset (<c>x-stream-offset</c>).</param>
/// <param name="NextName">For a <c>use_queue_manager</c> name: consumed as an exclusive consumer, and gives the next
/// name when another connection consumes this one already.</param>
/// <param name="DurableFallback">May fall back to non-durable exchange and queue when the broker has them non-durable
/// (406 "inequivalent arg 'durable'"), as oslo 14.1+ does for its topic consumers.</param>
internal sealed record QueueSpec(
    string Name,
    bool Durable,
    bool AutoDelete,
    IReadOnlyDictionary<string, object?> Arguments,
    ExchangeSpec? Exchange,
    string BindingKey,
    IReadOnlyList<(ExchangeSpec Exchange, string Key)>? MoreBindings = null,
    bool Stream = false,
    Func<string>? NextName = null,
    bool DurableFallback = false)
{
    /// <summary>This queue with non-durable queue and exchanges (oslo's fallback; the exchanges keep their auto-delete).</summary>
    public QueueSpec NonDurable() => this with
    {
        Durable = false,
        Exchange = Exchange is null ? null : Exchange with { Durable = false },
        MoreBindings = MoreBindings?.Select(b => (b.Exchange with { Durable = false }, b.Key)).ToArray(),
    };
}
