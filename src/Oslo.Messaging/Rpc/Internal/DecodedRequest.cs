namespace Oslo.Messaging.Rpc.Internal;

/// <summary>The outcome of decoding one received message: a request to run, or why it cannot run.</summary>
internal readonly struct DecodedRequest
{
    private DecodedRequest(IncomingRequest? request, MalformedRequest? malformed)
    {
        Request = request;
        Malformed = malformed;
    }

    /// <summary>The request; null when <see cref="Malformed"/> is set.</summary>
    public IncomingRequest? Request { get; }

    /// <summary>Why the message cannot be dispatched; null for a good request.</summary>
    public MalformedRequest? Malformed { get; }

    public static implicit operator DecodedRequest(IncomingRequest request) => new(request, null);

    public static DecodedRequest Bad(string problem, string? messageId, string? replyQueue) => new(null, new MalformedRequest(problem, messageId, replyQueue));
}

/// <summary>A message that cannot be dispatched, with whatever reply address it carried so the caller can be told.</summary>
internal sealed record MalformedRequest(string Problem, string? MessageId, string? ReplyQueue)
{
    public bool CanReply => MessageId is not null && ReplyQueue is not null;
}
