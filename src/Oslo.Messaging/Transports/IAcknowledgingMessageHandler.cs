namespace Oslo.Messaging.Transports;

/// <summary>
/// Receives the messages of a notification listener, which are acknowledged only <em>after</em> processing (unlike RPC
/// requests): the driver acknowledges or requeues each message as the returned <see cref="DeliveryOutcome"/> says.
/// Drivers call it one message at a time per queue and await it before taking the next from that queue.
/// </summary>
public interface IAcknowledgingMessageHandler
{
    /// <summary>Processes one message. Must not throw for a bad message: log it and return
    /// <see cref="DeliveryOutcome.Acknowledge"/> (a driver acknowledges a message whose handler throws, so a message
    /// that always fails cannot loop forever).</summary>
    ValueTask<DeliveryOutcome> HandleAsync(IncomingMessage message, CancellationToken cancellationToken);
}
