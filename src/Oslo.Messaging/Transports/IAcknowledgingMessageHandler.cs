namespace Oslo.Messaging.Transports;

/// <summary>
/// Receives the messages of a notification listener, which are settled (acknowledged or requeued) only <em>after</em>
/// processing, unlike RPC requests, and possibly long after the handler returned: a batch listener holds a message
/// until its batch is full, an executor until a worker is free. The handler settles each message through the
/// <see cref="IMessageSettlement"/> it was given with it.
/// </summary>
/// <remarks>
/// Drivers call <see cref="HandleAsync"/> one message at a time per queue and await it before taking the next from
/// that queue; the handler returns once it has <em>taken</em> the message (it no longer needs the body), and waits
/// while it holds all it can: that wait is how backpressure reaches the broker.
/// </remarks>
public interface IAcknowledgingMessageHandler
{
    /// <summary>How many work items (messages, or batches) the handler processes at once; default 1.</summary>
    int MaxConcurrency => 1;

    /// <summary>How many messages the handler gathers before processing them together (a batch listener's batch size);
    /// default 1. A driver that limits the unsettled messages of a consumer (RabbitMQ's prefetch) must allow at least
    /// this many, or a batch could never fill.</summary>
    int BatchSize => 1;

    /// <summary>Takes one message; <paramref name="settlement"/> settles it later. Must not throw for a bad message:
    /// log it and settle it with <see cref="DeliveryOutcome.Acknowledge"/>. A driver acknowledges a message whose
    /// handler throws, so a message that always fails cannot loop forever.</summary>
    /// <param name="message">The message; its body is valid only until the returned task completes.</param>
    /// <param name="settlement">Settles this message, exactly once.</param>
    /// <param name="cancellationToken">Cancelled when the driver shuts down.</param>
    ValueTask HandleAsync(IncomingMessage message, IMessageSettlement settlement, CancellationToken cancellationToken);
}
