using System.Text.Json;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>Encodes requests (docs/wire-protocol.md, "Request messages"), in oslo's key order: method, args, namespace, version, _msg_id, _reply_q, _timeout, _unique_id, _context_*.</summary>
internal static class RequestCodec
{
    /// <summary>Writes the enveloped request into <paramref name="output"/>.</summary>
    public static void Encode<TArgs>(PooledBufferWriter output, in OutgoingRequest request, TArgs args, RpcSerializer serializer)
        where TArgs : IRpcArguments
    {
        using var inner = new PooledBufferWriter(1024);
        var writer = WireJson.RentWriter(inner);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("method"u8, request.Method);
            writer.WritePropertyName("args"u8);
            writer.WriteStartObject();
            args.WriteTo(writer, request.OriginalContext, serializer);
            writer.WriteEndObject();
            if (request.Namespace is not null)
            {
                writer.WriteString("namespace"u8, request.Namespace);
            }

            if (request.Version is not null)
            {
                writer.WriteString("version"u8, request.Version);
            }

            if (request.MessageId is not null)
            {
                writer.WriteString("_msg_id"u8, request.MessageId);
                writer.WriteString("_reply_q"u8, request.ReplyQueue);
                WriteTimeout(writer, request.CallMonitorTimeout);
            }

            writer.WriteString("_unique_id"u8, MessageIds.New());
            foreach (var (key, value) in serializer.SerializeContext(request.OriginalContext)) // after the entities, as oslo
            {
                writer.WritePropertyName("_context_" + key);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            WireJson.ReturnWriter(writer);
        }

        Envelope.Wrap(inner.WrittenSpan, output);
    }

    private static void WriteTimeout(Utf8JsonWriter writer, TimeSpan? callMonitorTimeout)
    {
        if (callMonitorTimeout is not { } timeout)
        {
            writer.WriteNull("_timeout"u8);
            return;
        }

        var seconds = timeout.TotalSeconds;
        if (seconds == Math.Floor(seconds))
        {
            writer.WriteNumber("_timeout"u8, (long)seconds); // oslo sends the integer it was given: "_timeout": 2
        }
        else
        {
            writer.WriteNumber("_timeout"u8, seconds);
        }
    }
}
