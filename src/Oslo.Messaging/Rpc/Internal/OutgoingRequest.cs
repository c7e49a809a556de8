namespace Oslo.Messaging.Rpc.Internal;

/// <summary>What a client sends: the call's fields before encoding.</summary>
internal readonly record struct OutgoingRequest(
    string Method,
    object? Args,
    string? Namespace,
    string? Version,
    string? MessageId,
    string? ReplyQueue,
    TimeSpan? CallMonitorTimeout,
    RequestContext OriginalContext,
    RequestContext WireContext);
