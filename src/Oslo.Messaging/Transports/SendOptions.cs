namespace Oslo.Messaging.Transports;

/// <summary>How a driver must send one message.</summary>
/// <param name="TimeToLive">Discard the message if not consumed within this time (RabbitMQ <c>expiration</c>); null = never.</param>
/// <param name="Mandatory">Fail with <see cref="Exceptions.MessageUndeliverableException"/> if nothing can receive it.</param>
/// <param name="Retry">Connection retries allowed: null or -1 = until the send is cancelled, 0 = none, N = at most N.</param>
public readonly record struct SendOptions(TimeSpan? TimeToLive = null, bool Mandatory = false, int? Retry = null)
{
    /// <summary>The message is a call whose reply goes to the reply address the driver returned from
    /// <see cref="TransportDriver.StartReplyConsumerAsync"/>. A driver may also offer a faster reply path of its own
    /// (the RabbitMQ driver's direct reply-to); the reply address in the body stays the one every peer can use.</summary>
    public bool ExpectsReply { get; init; }

    /// <summary>For a call (<see cref="ExpectsReply"/>): the call waiting for the reply, or null. A driver may then end
    /// the send once the request is written and report a later refusal to the call (<see cref="IPendingCall"/>).</summary>
    public IPendingCall? PendingCall { get; init; }
}
