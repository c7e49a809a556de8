namespace Oslo.Messaging.Benchmarks.Raw;

/// <summary>The fields of an oslo request the echo server needs.</summary>
internal readonly record struct WireRequest(string? Method, string? Payload, string? MessageId, string? ReplyQueue);
