using System.Diagnostics;
using System.Text.Json;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Telemetry;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>Encodes requests (docs/wire-protocol.md, "Request messages"), in oslo's key order: method, args, namespace, version, _msg_id, _reply_q, _timeout, _unique_id, _context_*.</summary>
internal static class RequestCodec
{
    /// <summary>Writes the enveloped request into <paramref name="output"/>.</summary>
    public static void Encode<TArgs>(PooledBufferWriter output, in OutgoingRequest request, TArgs args, RpcSerializer serializer)
        where TArgs : IRpcArguments
    {
        using var inner = PooledBufferWriter.Rent(1024);
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

            MessageIds.Write(writer, "_unique_id"u8);
            var trace = request.Trace?.IdFormat == ActivityIdFormat.W3C ? request.Trace : null;
            var entries = serializer.SerializeContext(request.OriginalContext).GetEntries(); // after the entities, as oslo
            while (entries.MoveNext())
            {
                var (key, value) = entries.Current;
                if (trace is not null && key is MessagingTelemetry.TraceParentKey or MessagingTelemetry.TraceStateKey)
                {
                    continue; // a context passed on from an incoming request carries its caller's trace: ours replaces it
                }

                WriteContextName(writer, key);
                value.WriteTo(writer);
            }

            if (trace is not null)
            {
                WriteTraceContext(writer, trace);
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

    /// <summary>The span's W3C trace context as two more context keys (docs/wire-protocol.md, "Request context"): any
    /// oslo peer takes unknown context keys into its context dictionary and ignores them.</summary>
    private static void WriteTraceContext(Utf8JsonWriter writer, Activity trace)
    {
        writer.WriteString("_context_" + MessagingTelemetry.TraceParentKey, trace.Id);
        if (!string.IsNullOrEmpty(trace.TraceStateString))
        {
            writer.WriteString("_context_" + MessagingTelemetry.TraceStateKey, trace.TraceStateString);
        }
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

    /// <summary>Writes <c>_context_&lt;key&gt;</c> without allocating the joined name (short keys, the usual case).</summary>
    private static void WriteContextName(Utf8JsonWriter writer, string key)
    {
        const int Stack = 256;
        var prefix = "_context_"u8;
        if (key.Length > (Stack - prefix.Length) / 3)
        {
            writer.WritePropertyName("_context_" + key);
            return;
        }

        Span<byte> name = stackalloc byte[Stack];
        prefix.CopyTo(name);
        var written = System.Text.Encoding.UTF8.GetBytes(key, name[prefix.Length..]);
        writer.WritePropertyName(name[..(prefix.Length + written)]);
    }
}
