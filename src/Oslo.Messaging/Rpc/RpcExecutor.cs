namespace Oslo.Messaging.Rpc;

/// <summary>
/// How a server runs its requests. <see cref="Pooled"/> (default, 64 at a time like oslo's
/// <c>executor_thread_pool_size</c>) gives no ordering; <see cref="Blocking"/> runs one at a time in arrival order.
/// </summary>
public sealed class RpcExecutor
{
    private RpcExecutor(string name, int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        Name = name;
        MaxConcurrency = maxConcurrency;
    }

    /// <summary>One request at a time, in arrival order.</summary>
    public static RpcExecutor Blocking { get; } = new("blocking", 1);

    /// <summary>The executor's name, for logs.</summary>
    public string Name { get; }

    /// <summary>How many requests run at once.</summary>
    public int MaxConcurrency { get; }

    /// <summary>Whether a request may start on the transport's consumer when a slot is free (pooled only: the
    /// blocking executor's queue is what keeps its arrival order).</summary>
    internal bool StartsOnConsumer => !ReferenceEquals(this, Blocking);

    /// <summary>Up to <paramref name="maxConcurrency"/> requests at once (default 64). An RPC server starts a request
    /// on the transport's consumer when a slot is free, until it first yields; a method that keeps the consumer
    /// blocked runs on the workers instead (docs/rabbitmq.md, "Requests start on the consumer").</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is below 1.</exception>
    public static RpcExecutor Pooled(int maxConcurrency = 64) => new("pooled", maxConcurrency);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}({MaxConcurrency})";
}
