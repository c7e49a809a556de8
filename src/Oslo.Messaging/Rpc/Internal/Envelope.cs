using System.Buffers;
using System.Text;
using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Internal;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The v2 envelope (docs/wire-protocol.md, "Envelope"): <c>{"oslo.version": "2.0", "oslo.message": "&lt;the message as a JSON string&gt;"}</c>.
/// Receiving also accepts an envelope-less message object (the "1.0" format), as oslo does.
/// </summary>
internal static class Envelope
{
    public const string Version = "2.0";
    private static readonly byte[] VersionKey = "oslo.version"u8.ToArray();
    private static readonly byte[] MessageKey = "oslo.message"u8.ToArray();

    /// <summary>Writes the envelope around an already encoded message.</summary>
    public static void Wrap(ReadOnlySpan<byte> message, IBufferWriter<byte> output)
    {
        var writer = WireJson.RentWriter(output);
        try
        {
            writer.WriteStartObject();
            writer.WriteString(VersionKey, "2.0"u8);
            writer.WriteString(MessageKey, message);
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            WireJson.ReturnWriter(writer);
        }
    }

    /// <summary>Returns the message object inside <paramref name="body"/> (a JSON value independent of the body's memory).</summary>
    /// <exception cref="MalformedMessageException">Not JSON, not an object, or the message is not an object.</exception>
    /// <exception cref="UnsupportedEnvelopeVersionException">An envelope version not compatible with 2.0.</exception>
    public static JsonElement Unwrap(ReadOnlySpan<byte> body)
    {
        var (message, unsupported) = Open(body);
        return unsupported is null ? message : throw new UnsupportedEnvelopeVersionException(unsupported);
    }

    /// <summary>Like <see cref="Unwrap"/>, but an unsupported envelope version is returned, with the message still
    /// parsed, so a server can tell the caller why it refuses it.</summary>
    public static (JsonElement Message, string? UnsupportedVersion) Open(ReadOnlySpan<byte> body)
    {
        try
        {
            return UnwrapCore(body);
        }
        catch (JsonException ex)
        {
            throw new MalformedMessageException($"Message body is not valid JSON: {ex.Message}", ex);
        }
    }

    private static (JsonElement, string?) UnwrapCore(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, WireJson.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new MalformedMessageException("Message body is not a JSON object");
        }

        string? version = null;
        var messageStart = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals(VersionKey);
            var isMessage = !isVersion && reader.ValueTextEquals(MessageKey);
            reader.Read();
            if (isVersion && reader.TokenType == JsonTokenType.String)
            {
                // Every oslo peer sends "2.0": compare the bytes instead of allocating and parsing a string.
                version = reader.ValueTextEquals("2.0"u8) ? Version : reader.GetString();
            }
            else if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                messageStart = (int)reader.TokenStartIndex;
            }

            reader.Skip();
        }

        if (version is null || messageStart < 0)
        {
            // Envelope-less: the body is the message itself.
            var whole = new Utf8JsonReader(body, WireJson.ReaderOptions);
            return (JsonElement.ParseValue(ref whole), null);
        }

        return (ParseInner(body, messageStart), IsSupported(version) ? null : version);
    }

    private static bool IsSupported(string version)
    {
        if (ReferenceEquals(version, Version))
        {
            return true;
        }

        try
        {
            return RpcVersion.IsCompatible(Version, version);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static JsonElement ParseInner(ReadOnlySpan<byte> body, int messageStart)
    {
        var reader = new Utf8JsonReader(body[messageStart..], WireJson.ReaderOptions);
        reader.Read();
        var raw = reader.ValueSpan;
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> inner;
            if (reader.ValueIsEscaped)
            {
                rented = ArrayPool<byte>.Shared.Rent(raw.Length);
                inner = rented.AsSpan(0, reader.CopyString(rented));
            }
            else
            {
                inner = raw;
            }

            var innerReader = new Utf8JsonReader(inner, WireJson.ReaderOptions);
            var message = JsonElement.ParseValue(ref innerReader);
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedMessageException($"oslo.message is not a JSON object but {message.ValueKind}");
            }

            return message;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
