using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Oslo.Messaging.Benchmarks.Raw;

/// <summary>
/// The minimal hand-written encoder/decoder a program that speaks oslo's protocol without this library would need:
/// the v2 envelope around a request or a reply (docs/wire-protocol.md, "Request messages", "Reply messages"), and for direct reply-to a plain JSON body.
/// Shared by the raw RabbitMQ.Client implementations and the in-process baseline. Writers are cached per thread.
/// </summary>
internal static class WireCodec
{
    private static readonly JsonWriterOptions _writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static Buffers? _buffers;

    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>A call (with <paramref name="messageId"/> and <paramref name="replyQueue"/>) or a cast (both null).</summary>
    public static byte[] EncodeRequest(string method, string payload, string? messageId, string? replyQueue)
    {
        var buffers = _buffers ??= new Buffers();
        var writer = buffers.Inner();
        writer.WriteStartObject();
        writer.WriteString("method"u8, method);
        writer.WriteStartObject("args"u8);
        writer.WriteString("payload"u8, payload);
        writer.WriteEndObject();
        if (messageId is not null)
        {
            writer.WriteString("_msg_id"u8, messageId);
            writer.WriteString("_reply_q"u8, replyQueue);
            writer.WriteNull("_timeout"u8);
        }

        writer.WriteString("_unique_id"u8, NewId());
        writer.WriteEndObject();
        return buffers.Wrap();
    }

    public static byte[] EncodeReply(string messageId, string? result)
    {
        var buffers = _buffers ??= new Buffers();
        var writer = buffers.Inner();
        writer.WriteStartObject();
        writer.WriteString("result"u8, result);
        writer.WriteNull("failure"u8);
        writer.WriteBoolean("ending"u8, true);
        writer.WriteString("_msg_id"u8, messageId);
        writer.WriteString("_unique_id"u8, NewId());
        writer.WriteEndObject();
        return buffers.Wrap();
    }

    public static WireRequest DecodeRequest(ReadOnlySpan<byte> body)
    {
        var rented = Unwrap(body, out var inner);
        try
        {
            string? method = null, payload = null, messageId = null, replyQueue = null;
            var reader = new Utf8JsonReader(inner);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("method"u8)) { reader.Read(); method = reader.GetString(); }
                else if (reader.ValueTextEquals("_msg_id"u8)) { reader.Read(); messageId = reader.GetString(); }
                else if (reader.ValueTextEquals("_reply_q"u8)) { reader.Read(); replyQueue = reader.GetString(); }
                else if (reader.ValueTextEquals("args"u8)) { reader.Read(); payload = ReadPayload(ref reader, "payload"u8); }
                else { reader.Read(); reader.Skip(); }
            }

            return new WireRequest(method, payload, messageId, replyQueue);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static (string? MessageId, string? Result) DecodeReply(ReadOnlySpan<byte> body)
    {
        var rented = Unwrap(body, out var inner);
        try
        {
            string? messageId = null, result = null;
            var reader = new Utf8JsonReader(inner);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("_msg_id"u8)) { reader.Read(); messageId = reader.GetString(); }
                else if (reader.ValueTextEquals("result"u8)) { reader.Read(); result = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; reader.Skip(); }
                else { reader.Read(); reader.Skip(); }
            }

            return (messageId, result);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Direct reply-to bodies: <c>{"payload": "..."}</c> one way, <c>{"result": "..."}</c> back.</summary>
    public static byte[] EncodePlain(ReadOnlySpan<byte> key, string value)
    {
        var buffers = _buffers ??= new Buffers();
        var writer = buffers.Inner();
        writer.WriteStartObject();
        writer.WriteString(key, value);
        writer.WriteEndObject();
        writer.Flush();
        return buffers.InnerBytes();
    }

    public static string? DecodePlain(ReadOnlySpan<byte> body, ReadOnlySpan<byte> key)
    {
        var reader = new Utf8JsonReader(body);
        reader.Read();
        return ReadPayload(ref reader, key);
    }

    /// <summary>Reads the string property <paramref name="key"/> of the object the reader is on, skipping the rest.</summary>
    private static string? ReadPayload(ref Utf8JsonReader reader, ReadOnlySpan<byte> key)
    {
        string? value = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(key);
            reader.Read();
            if (match && reader.TokenType == JsonTokenType.String)
            {
                value = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    /// <summary>Finds <c>oslo.message</c> and unescapes it into a rented array (returned by the caller).</summary>
    private static byte[] Unwrap(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> inner)
    {
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessage = reader.ValueTextEquals("oslo.message"u8);
            reader.Read();
            if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
                inner = rented.AsSpan(0, reader.CopyString(rented));
                return rented;
            }

            reader.Skip();
        }

        throw new JsonException("not an oslo v2 envelope");
    }

    /// <summary>Per-thread writers: the inner message, then the envelope around it.</summary>
    [SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "Cached for the thread's life; writers over an ArrayBufferWriter hold only managed memory.")]
    private sealed class Buffers
    {
        private readonly ArrayBufferWriter<byte> _inner = new(1024);
        private readonly ArrayBufferWriter<byte> _outer = new(1024);
        private readonly Utf8JsonWriter _innerWriter;
        private readonly Utf8JsonWriter _outerWriter;

        public Buffers()
        {
            _innerWriter = new Utf8JsonWriter(_inner, _writerOptions);
            _outerWriter = new Utf8JsonWriter(_outer, _writerOptions);
        }

        public Utf8JsonWriter Inner()
        {
            _inner.ResetWrittenCount();
            _innerWriter.Reset(_inner);
            return _innerWriter;
        }

        public byte[] InnerBytes() => _inner.WrittenSpan.ToArray();

        public byte[] Wrap()
        {
            _innerWriter.Flush();
            _outer.ResetWrittenCount();
            _outerWriter.Reset(_outer);
            _outerWriter.WriteStartObject();
            _outerWriter.WriteString("oslo.version"u8, "2.0"u8);
            _outerWriter.WriteString("oslo.message"u8, _inner.WrittenSpan);
            _outerWriter.WriteEndObject();
            _outerWriter.Flush();
            return _outer.WrittenSpan.ToArray();
        }
    }
}
