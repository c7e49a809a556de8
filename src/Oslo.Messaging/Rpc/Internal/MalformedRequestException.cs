using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>A request that cannot be dispatched, with whatever reply address it carried so the caller can be told.</summary>
internal sealed class MalformedRequestException(string problem, string? messageId, string? replyQueue) : Exception(problem)
{
    public string? MessageId { get; } = messageId;

    public string? ReplyQueue { get; } = replyQueue;

    public MalformedMessageException ToWire() => new($"Malformed request: {Message}");
}
