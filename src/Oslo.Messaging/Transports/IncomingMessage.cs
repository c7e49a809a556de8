namespace Oslo.Messaging.Transports;

/// <summary>One message a driver received, handed to an <see cref="IMessageHandler"/>.</summary>
/// <param name="Body">The raw body. Valid only until the handler's returned task completes: copy what must outlive it.</param>
/// <param name="ContentType">The content type the message carried, if the transport has one (RabbitMQ does).</param>
/// <param name="Source">Where it came from (a queue name), for logs.</param>
public readonly record struct IncomingMessage(ReadOnlyMemory<byte> Body, string? ContentType, string Source)
{
    /// <summary>A reply address the transport itself carried with the message and prefers over the one in the body
    /// (the RabbitMQ driver's direct reply-to, offered by .NET callers); null when there is none. An RPC server replies
    /// there instead of the body's <c>_reply_q</c>.</summary>
    public string? ReplyAddress { get; init; }
}
