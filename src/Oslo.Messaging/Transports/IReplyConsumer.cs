namespace Oslo.Messaging.Transports;

/// <summary>
/// The consumer of a transport's one reply address. The RPC layer creates it on the first call (as oslo creates its
/// reply queue lazily); the transport owns it from then on, and fails its waiting calls when it is disposed.
/// </summary>
internal interface IReplyConsumer : IMessageHandler
{
    /// <summary>The reply address the driver consumes, set once the driver started consuming.</summary>
    string Address { get; set; }

    /// <summary>Fails every call still waiting for its reply.</summary>
    void FailAll(Exception reason);
}
