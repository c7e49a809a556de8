namespace Oslo.Messaging.RabbitMq;

/// <summary>How the driver picks the next broker of a multi-host URL when a connection fails (oslo's <c>kombu_failover_strategy</c>).</summary>
public enum RabbitMqFailoverStrategy
{
    /// <summary>Try the hosts in URL order, starting from a random one per connection (<c>round-robin</c>, the default).</summary>
    RoundRobin,

    /// <summary>Try the hosts in a new random order on every round (<c>shuffle</c>).</summary>
    Shuffle,
}
