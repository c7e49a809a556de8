namespace Oslo.Messaging.Rpc.Internal;

/// <summary>What a client sends: the call's fields before encoding (the arguments travel beside it, typed). The wire
/// context is made by the codec, after the arguments, so the serializer hooks run in oslo's order (entities first, then
/// the context). <see cref="Trace"/> is the span whose W3C context travels in the request context (null: none).</summary>
internal readonly record struct OutgoingRequest(
    string Method,
    string? Namespace,
    string? Version,
    string? MessageId,
    string? ReplyQueue,
    TimeSpan? CallMonitorTimeout,
    RequestContext OriginalContext,
    System.Diagnostics.Activity? Trace = null);
