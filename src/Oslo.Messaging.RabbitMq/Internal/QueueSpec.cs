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
internal sealed record QueueSpec(
    string Name,
    bool Durable,
    bool AutoDelete,
    IReadOnlyDictionary<string, object?> Arguments,
    ExchangeSpec? Exchange,
    string BindingKey,
    IReadOnlyList<(ExchangeSpec Exchange, string Key)>? MoreBindings = null);
