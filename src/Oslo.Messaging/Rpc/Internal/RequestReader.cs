using System.Buffers;
using System.Text.Json;
using Oslo.Messaging.Internal;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The common request read without a document of the whole message: a v2 envelope (docs/wire-protocol.md, "Envelope")
/// around a strict-JSON request whose known fields are each present once with the expected type. The fields a server
/// reads as strings (<c>method</c>, <c>_msg_id</c>, <c>_reply_q</c>, ...) are read straight from the bytes; only
/// <c>args</c>, <c>_timeout</c> and the <c>_context_*</c> values — what the request keeps as JSON — are copied into one
/// small document (a JSON array of them), so the message's other bytes and their metadata are not kept per request.
/// Anything else (Python's JSON, another envelope, a missing or odd field) returns null and is left to the general path
/// (<see cref="IncomingRequest.Decode"/> over <see cref="Envelope.Open(ReadOnlySpan{byte}, JsonReaderOptions)"/>), which
/// reads every case and says what it refuses.
/// </summary>
internal static class RequestReader
{
    private static readonly JsonElement NullElement = WireJson.Null;

    // Where the kept values are gathered before they are parsed into the request's document; per thread, reused.
    [ThreadStatic]
    private static KeptValues? _kept;

    /// <summary>The request in <paramref name="body"/>, or null when the general path must read it.</summary>
    public static IncomingRequest? TryRead(ReadOnlySpan<byte> body, JsonReaderOptions options)
    {
        if (PythonJson.MayHaveSurrogateEscape(body))
        {
            return null;
        }

        var kept = _kept ?? new KeptValues();
        _kept = null; // a nested read on this thread (none is expected) gets its own
        try
        {
            var messageStart = EnvelopeScan.FindMessage(body, options);
            if (messageStart < 0)
            {
                return null;
            }

            var reader = new Utf8JsonReader(body[messageStart..], options);
            reader.Read();
            if (!reader.ValueIsEscaped)
            {
                return ReadRequest(reader.ValueSpan, options, kept);
            }

            var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
            try
            {
                return ReadRequest(rented.AsSpan(0, reader.CopyString(rented)), options, kept);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            if (kept.TryReset())
            {
                _kept = kept;
            }
        }
    }

    private static IncomingRequest? ReadRequest(ReadOnlySpan<byte> message, JsonReaderOptions options, KeptValues kept)
    {
        var reader = new Utf8JsonReader(message, options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? method = null, ns = null, version = null, msgId = null, replyQueue = null, uniqueId = null;
        int args = -1, timeout = -1;
        var seen = Field.None;
        var properties = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            properties++;
            var field = reader.ValueTextEquals("method"u8) ? Field.Method
                : reader.ValueTextEquals("args"u8) ? Field.Args
                : reader.ValueTextEquals("namespace"u8) ? Field.Namespace
                : reader.ValueTextEquals("version"u8) ? Field.Version
                : reader.ValueTextEquals("_msg_id"u8) ? Field.MessageId
                : reader.ValueTextEquals("_reply_q"u8) ? Field.ReplyQueue
                : reader.ValueTextEquals("_timeout"u8) ? Field.Timeout
                : reader.ValueTextEquals("_unique_id"u8) ? Field.UniqueId
                : Field.None;
            if (field == Field.None)
            {
                if (!kept.TryAddContext(ref reader, message))
                {
                    return null;
                }

                continue;
            }

            if ((seen & field) != 0)
            {
                return null; // a repeated field: the general path decides which counts
            }

            seen |= field;
            reader.Read();
            var isString = reader.TokenType == JsonTokenType.String;
            var isNull = reader.TokenType == JsonTokenType.Null;
            switch (field)
            {
                case Field.Method when isString:
                    method = IncomingRequest.Recent(ref reader, ref IncomingRequest.RecentMethod);
                    break;
                case Field.Args when reader.TokenType is JsonTokenType.StartObject or JsonTokenType.Null:
                    args = kept.Add(ref reader, message);
                    break;
                case Field.Namespace when isString || isNull:
                    ns = isString ? reader.GetString() : null;
                    break;
                case Field.Version when isString || isNull:
                    version = isString ? reader.GetString() : null;
                    break;
                case Field.MessageId when isString:
                    msgId = reader.GetString();
                    break;
                case Field.ReplyQueue when isString:
                    replyQueue = IncomingRequest.Recent(ref reader, ref IncomingRequest.RecentReplyQueue);
                    break;
                case Field.Timeout:
                    timeout = isNull ? -1 : kept.Add(ref reader, message);
                    break;
                case Field.UniqueId when isString:
                    uniqueId = reader.GetString();
                    break;
                default:
                    return null; // not the expected type: the general path says why, or what it makes of it
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || method is null)
        {
            return null; // trailing data, or no method: the general path says why
        }

        var values = kept.Parse(options);
        var context = new RequestContext(Math.Max(1, properties - 5));
        kept.FillContext(context, values);
        var timeoutValue = timeout >= 0 ? values[timeout] : (seen & Field.Timeout) != 0 ? NullElement : default;
        context[RequestContext.ClientTimeoutKey] = timeoutValue.ValueKind == JsonValueKind.Undefined ? NullElement : timeoutValue;
        return new IncomingRequest
        {
            Method = method,
            Args = args >= 0 ? values[args] : (seen & Field.Args) != 0 ? NullElement : default,
            Namespace = ns,
            Version = version ?? RpcVersion.Default,
            MessageId = msgId,
            ReplyQueue = replyQueue,
            UniqueId = uniqueId,
            ClientTimeout = timeoutValue,
            Context = context,
        };
    }

    [Flags]
    private enum Field
    {
        None = 0,
        Method = 1,
        Args = 2,
        Namespace = 4,
        Version = 8,
        MessageId = 16,
        ReplyQueue = 32,
        Timeout = 64,
        UniqueId = 128,
    }

    /// <summary>The JSON values a request keeps, written as one array, and the context keys they belong to.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "Cached for the thread's life; a writer over an ArrayBufferWriter holds only managed memory.")]
    private sealed class KeptValues
    {
        private const int MaxKeptBytes = 64 * 1024;
        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly List<string?> _keys = [];
        private readonly Utf8JsonWriter _writer;

        public KeptValues()
        {
            _writer = new Utf8JsonWriter(_buffer, WireJson.WriterOptions);
            _writer.WriteStartArray();
        }

        /// <summary>Copies the value the reader is on; returns its index in the array.</summary>
        public int Add(ref Utf8JsonReader reader, ReadOnlySpan<byte> message) => Add(ref reader, message, null);

        /// <summary>A <c>_context_*</c> property (the reader is on its name): its value kept under the key; any other
        /// unknown property skipped, as the general path does. False for a name the fast read does not handle.</summary>
        public bool TryAddContext(ref Utf8JsonReader reader, ReadOnlySpan<byte> message)
        {
            const int Prefix = 9; // "_context_"
            if (reader.ValueIsEscaped)
            {
                return false; // the general path compares the unescaped name
            }

            if (!reader.ValueSpan.StartsWith("_context_"u8))
            {
                reader.Read();
                reader.Skip(); // an unknown field: ignored, as the general path does
                return true;
            }

            // Validated as the general path's name is (invalid UTF-8 throws): one string, the key, not the name too.
            Span<char> name = stackalloc char[256];
            var key = reader.ValueSpan.Length <= name.Length
                ? new string(name[Prefix..reader.CopyString(name)])
                : reader.GetString()![Prefix..];
            reader.Read();
            Add(ref reader, message, key);
            return true;
        }

        private int Add(ref Utf8JsonReader reader, ReadOnlySpan<byte> message, string? key)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            _writer.WriteRawValue(message[start..(int)reader.BytesConsumed], skipInputValidation: true);
            _keys.Add(key);
            return _keys.Count - 1;
        }

        public JsonElement Parse(JsonReaderOptions options)
        {
            _writer.WriteEndArray();
            _writer.Flush();
            var reader = new Utf8JsonReader(_buffer.WrittenSpan, options);
            return JsonElement.ParseValue(ref reader); // copies: independent of this buffer
        }

        public void FillContext(RequestContext context, JsonElement values)
        {
            var index = 0;
            foreach (var value in values.EnumerateArray())
            {
                if (_keys[index++] is { } key)
                {
                    context[key] = value;
                }
            }
        }

        /// <summary>Ready for the next request; false when the buffer grew too big to keep.</summary>
        public bool TryReset()
        {
            _keys.Clear();
            if (_buffer.Capacity > MaxKeptBytes)
            {
                return false;
            }

            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            _writer.WriteStartArray();
            return true;
        }
    }
}
