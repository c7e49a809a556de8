using System.Text.Json;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>Turns a received body into a request: envelope, JSON object, fields, content type. Expected bad input is a
/// result, not an exception: a peer may put anything on the broker, and every case must reach the caller as one failure.</summary>
internal static class RequestDecoder
{
    public static DecodedRequest Decode(IncomingMessage message)
    {
        var opened = Envelope.Open(message.Body.Span);
        if (opened.Problem is { } problem)
        {
            return DecodedRequest.Bad(problem, null, null);
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

        if (message.ContentType is { } type && !type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return DecodedRequest.Bad($"content type '{type}' is not application/json", request.MessageId, request.ReplyQueue);
        }

        return request;
    }
}
