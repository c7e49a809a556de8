namespace Oslo.Messaging.Transports;

/// <summary>
/// Receives the messages of a listener or a reply consumer. Drivers call it one message at a time per queue and
/// await it before taking the next from that queue: a slow handler is how backpressure reaches the broker.
/// </summary>
public interface IMessageHandler
{
    /// <summary>Handles one message. Must not throw for a bad message: log it and return.</summary>
    ValueTask HandleAsync(IncomingMessage message, CancellationToken cancellationToken);
}
