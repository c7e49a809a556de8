using Microsoft.Extensions.Logging;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Notify;

/// <summary>Options of a <see cref="NotificationListener"/> (oslo's <c>get_notification_listener</c> arguments).</summary>
/// <remarks>Immutable: a listener keeps the instance it is given.</remarks>
public sealed record NotificationListenerOptions
{
    /// <summary>
    /// The pool (oslo's <c>pool</c>); default null. Without a pool the listener consumes the queues named like the
    /// routing keys (<c>notifications.info</c> ...), which every pool-less consumer of the cloud shares. With a pool it
    /// consumes one queue named after the pool, bound with all its routing keys: listeners of one pool share the work,
    /// each pool gets its own copy of every notification.
    /// </summary>
    public string? Pool { get; init; }

    /// <summary>
    /// The pool's queue belongs to this listener alone (requires <see cref="Pool"/>): declared transient, expiring
    /// when unused (RabbitMQ <c>rabbit_transient_queues_ttl</c>), and deleted when the listener is disposed. For
    /// watching a cloud's notifications without taking any from its consumers and without leaving a queue behind.
    /// Default false.
    /// </summary>
    public bool TemporaryPool { get; init; }

    /// <summary>Requeue a notification an endpoint asked to requeue (or failed on) (oslo's <c>allow_requeue</c>);
    /// default false: it is acknowledged anyway and the refusal logged.</summary>
    public bool AllowRequeue { get; init; }

    /// <summary>How notifications (or batches) are processed, as for RPC servers. Default <see cref="RpcExecutor.Pooled"/>
    /// with 64, like oslo's <c>executor_thread_pool_size</c>: no order between notifications, so endpoints must be
    /// thread-safe. <see cref="RpcExecutor.Blocking"/> processes one at a time, in arrival order. Either way a
    /// notification is acknowledged only after it was processed.</summary>
    public RpcExecutor Executor { get; init; } = RpcExecutor.Pooled();

    /// <summary>Null (default): each endpoint call receives one notification. Set: a batch listener (oslo's
    /// <c>get_batch_notification_listener</c>) whose endpoint methods receive lists; see <see cref="NotificationBatch"/>.</summary>
    public NotificationBatch? Batch { get; init; }

    /// <summary>The serializer the context and payload go through; default <see cref="JsonRpcSerializer.Default"/>.</summary>
    public RpcSerializer Serializer { get; init; } = JsonRpcSerializer.Default;

    /// <summary>Where the listener logs; null (default) uses the transport's.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
