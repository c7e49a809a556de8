using System.Text.Json;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>Turns a received body into a request: envelope, JSON object, fields, content type. Expected bad input is a
/// result, not an exception: a peer may put anything on the broker, and every case must reach the caller as one failure.</summary>
internal static class RequestDecoder
{
    // Only to find where to send the failure of a request refused for its nesting depth.
    private static readonly JsonReaderOptions AddressScan = new() { MaxDepth = 4096 };

    public static DecodedRequest Decode(IncomingMessage message) => Decode(message, RequestLimits.Default);

    public static DecodedRequest Decode(IncomingMessage message, RequestLimits limits)
    {
        var body = message.Body.Span;
        if (body.Length <= limits.MaxRequestBytes && RequestReader.TryRead(body, limits.ReaderOptions) is { } read)
        {
            return Vetted(message, read);
        }

        var opened = Envelope.Open(body, limits.ReaderOptions);
        if (opened.Problem is { } problem)
        {
            return opened.TooDeep ? RefuseWithAddress(Envelope.Open(body, AddressScan), problem) : DecodedRequest.Bad(problem, null, null);
        }

        if (body.Length > limits.MaxRequestBytes)
        {
            return RefuseWithAddress(opened, $"the request is {body.Length} bytes, over the server's limit of {limits.MaxRequestBytes}");
        }

        if (opened.Message.ValueKind != JsonValueKind.Object)
        {
            return DecodedRequest.Bad($"the message is a JSON {opened.Message.ValueKind}, not an object", null, null);
        }

        var decoded = IncomingRequest.Decode(opened.Message);
        if (decoded.Request is not { } request)
        {
            return decoded;
        }

        if (opened.UnsupportedVersion is { } version)
        {
            return DecodedRequest.Bad($"unsupported envelope version {version} (this server speaks {Envelope.Version})", request.MessageId, request.ReplyQueue);
        }

        return Vetted(message, request);
    }

    /// <summary>What applies to a readable request however it was read: its content type and reply address.</summary>
    private static DecodedRequest Vetted(IncomingMessage message, IncomingRequest request)
    {
        if (message.ContentType is { } type && !type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return DecodedRequest.Bad($"content type '{type}' is not application/json", request.MessageId, request.ReplyQueue);
        }

        if (message.ReplyAddress is { } direct && request.ReplyQueue is not null)
        {
            // A call (the body names a reply queue) from a caller that also offered the transport's own reply path.
            request.ReplyQueue = direct;
        }

        return request;
    }

    private static DecodedRequest RefuseWithAddress(OpenedEnvelope opened, string problem)
    {
        var address = opened.Problem is null && opened.Message.ValueKind == JsonValueKind.Object ? IncomingRequest.Decode(opened.Message) : default;
        var request = address.Request;
        return DecodedRequest.Bad(problem, request?.MessageId ?? address.Malformed?.MessageId, request?.ReplyQueue ?? address.Malformed?.ReplyQueue);
    }
}

/// <summary>What a server accepts: a request's size and its JSON nesting depth (<see cref="RpcServerOptions"/>).</summary>
internal sealed record RequestLimits(int MaxRequestBytes, int MaxDepth)
{
    public static readonly RequestLimits Default = new(RpcServerOptions.DefaultMaxRequestBytes, RpcServerOptions.DefaultMaxJsonDepth);

    public JsonReaderOptions ReaderOptions { get; } = new() { MaxDepth = MaxDepth };
}
