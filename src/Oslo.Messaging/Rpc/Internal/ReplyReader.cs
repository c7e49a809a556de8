using System.Buffers;
using System.Text.Json;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The common reply read without a document of the whole message: a v2 envelope (docs/wire-protocol.md, "Envelope")
/// around a strict-JSON reply object (docs/wire-protocol.md, "Reply messages") whose <c>failure</c> is a string or
/// null. Only <c>result</c> becomes a JSON value of its own; <c>_msg_id</c> is matched as characters, so a reply costs
/// no copy of the message and no string for its id. Anything else (Python's JSON, an old or unknown envelope, an
/// odd field) is left to the general path (<see cref="Envelope.Open(ReadOnlySpan{byte})"/> and
/// <see cref="ReplyCodec.Decode(JsonElement)"/>), which reads every case and logs what it refuses.
/// </summary>
internal static class ReplyReader
{
    private const int MaxIdChars = 128;

    /// <summary>What a reply found by the fast read is for.</summary>
    public delegate bool FindWaiter(ReadOnlySpan<char> messageId, out string knownId, out ReplyWaiter waiter);

    public enum Outcome
    {
        /// <summary>The general path must read this body.</summary>
        NotRead,

        /// <summary>Read; the reply is for a waiting call.</summary>
        Found,

        /// <summary>Read; nobody waits for this id (it is in <c>unknownId</c>).</summary>
        NoWaiter,
    }

    public static Outcome TryRead(ReadOnlySpan<byte> body, FindWaiter find, out ReplyWaiter? waiter, out ReplyMessage? reply, out string? unknownId)
    {
        waiter = null;
        reply = null;
        unknownId = null;
        if (PythonJson.MayHaveSurrogateEscape(body))
        {
            return Outcome.NotRead;
        }

        try
        {
            var messageStart = EnvelopeScan.FindMessage(body, WireJson.ReaderOptions);
            if (messageStart < 0)
            {
                return Outcome.NotRead;
            }

            var reader = new Utf8JsonReader(body[messageStart..], WireJson.ReaderOptions);
            reader.Read();
            if (!reader.ValueIsEscaped)
            {
                return ReadReply(reader.ValueSpan, find, out waiter, out reply, out unknownId);
            }

            var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
            try
            {
                return ReadReply(rented.AsSpan(0, reader.CopyString(rented)), find, out waiter, out reply, out unknownId);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            waiter = null;
            reply = null;
            unknownId = null;
            return Outcome.NotRead;
        }
    }

    private static Outcome ReadReply(ReadOnlySpan<byte> message, FindWaiter find, out ReplyWaiter? waiter, out ReplyMessage? reply, out string? unknownId)
    {
        waiter = null;
        reply = null;
        unknownId = null;
        var reader = new Utf8JsonReader(message, WireJson.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Outcome.NotRead;
        }

        Span<char> idBuffer = stackalloc char[MaxIdChars];
        var idLength = -1;
        JsonElement result = default;
        string? failure = null;
        bool? ending = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A repeated key: the general path decides (a document keeps the last, this read would keep another).
            if (reader.ValueTextEquals("_msg_id"u8))
            {
                reader.Read();
                if (idLength >= 0 || reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > MaxIdChars)
                {
                    return Outcome.NotRead;
                }

                idLength = reader.CopyString(idBuffer);
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                if (result.ValueKind != JsonValueKind.Undefined)
                {
                    return Outcome.NotRead;
                }

                // null is the shared null value: a document per null result was an allocation per void call.
                result = reader.TokenType == JsonTokenType.Null ? WireJson.Null : JsonElement.ParseValue(ref reader);
            }
            else if (reader.ValueTextEquals("failure"u8))
            {
                reader.Read();
                if (failure is not null || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                {
                    return Outcome.NotRead;
                }

                failure = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("ending"u8))
            {
                reader.Read();
                if (ending is not null)
                {
                    return Outcome.NotRead;
                }

                ending = reader.TokenType == JsonTokenType.True;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || idLength < 0)
        {
            return Outcome.NotRead; // trailing data, or no _msg_id: the general path says why
        }

        var id = idBuffer[..idLength];
        if (!find(id, out var knownId, out var found))
        {
            unknownId = id.ToString();
            return Outcome.NoWaiter;
        }

        waiter = found;
        reply = new ReplyMessage(knownId, result, failure, ending == true);
        return Outcome.Found;
    }
}
