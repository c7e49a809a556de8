using System.Text.Json;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>Encodes and decodes replies (docs/wire-protocol.md, "Reply messages"): <c>{result, failure, ending, _msg_id, _unique_id}</c> in the v2 envelope.</summary>
internal static class ReplyCodec
{
    /// <summary>A final success reply.</summary>
    public static void EncodeResult(PooledBufferWriter output, string messageId, object? result, Type resultType, RequestContext context, RpcSerializer serializer) =>
        Encode(output, messageId, ending: true, failure: null, new ResultWriter(serializer, context, result, resultType));

    /// <summary>A final failure reply; <paramref name="failure"/> is the failure JSON, sent as a string.</summary>
    public static void EncodeFailure(PooledBufferWriter output, string messageId, string failure) =>
        Encode(output, messageId, ending: true, failure, default);

    /// <summary>A call-monitor heartbeat: null result and failure, <c>ending: false</c>.</summary>
    public static void EncodeHeartbeat(PooledBufferWriter output, string messageId) =>
        Encode(output, messageId, ending: false, failure: null, default);

    private static void Encode(PooledBufferWriter output, string messageId, bool ending, string? failure, ResultWriter result)
    {
        using var inner = PooledBufferWriter.Rent(512);
        var writer = WireJson.RentWriter(inner);
        try
        {
            writer.WriteStartObject();
            writer.WritePropertyName("result"u8);
            if (result.Serializer is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                result.Serializer.SerializeEntity(writer, result.Context!, result.Value, result.Type!);
            }

            if (failure is null)
            {
                writer.WriteNull("failure"u8);
            }
            else
            {
                writer.WriteString("failure"u8, failure);
            }

            writer.WriteBoolean("ending"u8, ending);
            writer.WriteString("_msg_id"u8, messageId);
            MessageIds.Write(writer, "_unique_id"u8);
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            WireJson.ReturnWriter(writer);
        }

        Envelope.Wrap(inner.WrittenSpan, output);
    }

    /// <summary>Decodes a reply; null when it has no <c>_msg_id</c> (nothing could wait for it).</summary>
    public static ReplyMessage? Decode(JsonElement message)
    {
        if (!message.TryGetProperty("_msg_id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var result = message.TryGetProperty("result", out var r) ? r : default;
        string? failure = null;
        if (message.TryGetProperty("failure", out var f))
        {
            failure = f.ValueKind switch
            {
                JsonValueKind.String => f.GetString(),
                JsonValueKind.Null => null,
                _ => f.GetRawText(), // Not oslo's format, but keep what was sent rather than lose it.
            };
        }

        var ending = message.TryGetProperty("ending", out var e) && e.ValueKind == JsonValueKind.True;
        return new ReplyMessage(id.GetString()!, result, failure, ending);
    }

    /// <summary>What the <c>result</c> field holds; default (no serializer) writes null. A struct, not a closure: no allocation per reply.</summary>
    private readonly record struct ResultWriter(RpcSerializer? Serializer, RequestContext? Context, object? Value, Type? Type);
}
