namespace Oslo.Messaging.Transports;

/// <summary>
/// Receives the messages of a listener or a reply consumer. Drivers call it one message at a time per queue and
/// await it before taking the next from that queue: a slow handler is how backpressure reaches the broker.
/// </summary>
public interface IMessageHandler
{
    /// <summary>Handles one message. Must not throw for a bad message: log it and return.</summary>
    ValueTask HandleAsync(IncomingMessage message, CancellationToken cancellationToken);

    /// <summary>How many messages the handler processes at once (an RPC server's executor size); default 1. A driver
    /// may size what it buffers by it (the RabbitMQ driver's prefetch).</summary>
    int MaxConcurrency => 1;
}
