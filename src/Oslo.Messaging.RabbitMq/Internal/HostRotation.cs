namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// The order in which one connection tries the hosts of a multi-host URL (oslo's <c>kombu_failover_strategy</c>).
/// Like oslo, each connection starts at a random host, so the connections of a process spread over a cluster; a failed
/// or lost host moves the connection on to the next one. Used by one connection loop at a time.
/// </summary>
internal sealed class HostRotation
{
    private readonly int _count;
    private readonly RabbitMqFailoverStrategy _strategy;
    private int _next;

    public HostRotation(int count, RabbitMqFailoverStrategy strategy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _count = count;
        _strategy = strategy;
        _next = count == 1 ? 0 : Random.Shared.Next(count);
    }

    /// <summary>One round: every host once, in the order to try them.</summary>
    public int[] NextRound()
    {
        var order = new int[_count];
        for (var i = 0; i < _count; i++)
        {
            order[i] = (_next + i) % _count;
        }

        if (_strategy == RabbitMqFailoverStrategy.Shuffle)
        {
            Random.Shared.Shuffle(order);
        }

        return order;
    }

    /// <summary>The connection to <paramref name="index"/> works: stay there.</summary>
    public void Connected(int index) => _next = index;

    /// <summary>The connection to <paramref name="index"/> was lost: start the next round at the host after it.</summary>
    public void Lost(int index) => _next = (index + 1) % _count;
}
