namespace Oslo.Messaging.Transports;

/// <summary>What a driver does with a message once an <see cref="IAcknowledgingMessageHandler"/> has processed it.</summary>
public enum DeliveryOutcome
{
    /// <summary>Acknowledge: the message leaves the queue.</summary>
    Acknowledge,

    /// <summary>Put the message back on its queue, to be delivered again (to this or another consumer).</summary>
    Requeue,
}
