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
        var opened = Open(body);
        return opened.Problem is { } problem ? throw new MalformedMessageException(problem)
            : opened.UnsupportedVersion is { } version ? throw new UnsupportedEnvelopeVersionException(version)
            : opened.Message;
    }

    /// <summary>Opens a received body. Never throws for bad input: the result says what is wrong. An unsupported envelope
    /// version comes with the message still parsed, so a server can tell the caller why it refuses it.</summary>
    public static OpenedEnvelope Open(ReadOnlySpan<byte> body) => Open(body, WireJson.ReaderOptions);

    /// <inheritdoc cref="Open(ReadOnlySpan{byte})"/>
    /// <param name="body">The received body.</param>
    /// <param name="options">Reader limits (nesting depth); a body beyond them is reported with
    /// <see cref="OpenedEnvelope.TooDeep"/> set.</param>
    public static OpenedEnvelope Open(ReadOnlySpan<byte> body, JsonReaderOptions options)
    {
        // Python's JSON (NaN, lone surrogates) is rewritten only when the strict read fails or may mislead.
        var rewritten = PythonJson.MayHaveSurrogateEscape(body) ? PythonJson.Rewrite(body) : null;
        try
        {
            return OpenCore(rewritten ?? body, options);
        }
        catch (JsonException ex) when (!IsTooDeep(ex) && rewritten is null && PythonJson.Rewrite(body) is { } lenient)
        {
            return OpenLenient(lenient, options);
        }
        catch (JsonException ex)
        {
            return NotJson(ex);
        }
    }

    private static OpenedEnvelope OpenLenient(byte[] body, JsonReaderOptions options)
    {
        try
        {
            return OpenCore(body, options);
        }
        catch (JsonException ex)
        {
            return NotJson(ex);
        }
    }

    private static OpenedEnvelope NotJson(JsonException ex) => IsTooDeep(ex)
        ? new OpenedEnvelope(default, null, $"Message nests deeper than the limit: {ex.Message}", TooDeep: true)
        : OpenedEnvelope.Malformed($"Message body is not valid JSON: {ex.Message}");

    // System.Text.Json reports the depth limit only through its message ("The maximum configured depth of N ...").
    private static bool IsTooDeep(JsonException ex) => ex.Message.Contains("maximum configured depth", StringComparison.Ordinal);

    private static OpenedEnvelope OpenCore(ReadOnlySpan<byte> body, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(body, options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return OpenedEnvelope.Malformed("Message body is not a JSON object");
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
                version = reader.ValueTextEquals("2.0"u8) ? Version : SafeString(ref reader);
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
            return new OpenedEnvelope(PythonJson.Parse(body, options), null, null);
        }

        var message = ParseInner(body, messageStart, options);
        if (message.ValueKind != JsonValueKind.Object)
        {
            return OpenedEnvelope.Malformed($"oslo.message is not a JSON object but {message.ValueKind}");
        }

        return new OpenedEnvelope(message, IsSupported(version) ? null : version, null);
    }

    private static string SafeString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return "(not a readable string)";
        }
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

    private static JsonElement ParseInner(ReadOnlySpan<byte> body, int messageStart, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(body[messageStart..], options);
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

            return PythonJson.Parse(inner, options);
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

/// <summary>What <see cref="Envelope.Open(ReadOnlySpan{byte})"/> found: the message, or the problem that makes the body unreadable.</summary>
/// <param name="Message">The message object (undefined when <paramref name="Problem"/> is set).</param>
/// <param name="UnsupportedVersion">An envelope version this library does not speak, or null.</param>
/// <param name="Problem">Why the body is not a message, or null.</param>
/// <param name="TooDeep">The problem is only that the JSON nests deeper than the reader's limit.</param>
internal readonly record struct OpenedEnvelope(JsonElement Message, string? UnsupportedVersion, string? Problem, bool TooDeep = false)
{
    public static OpenedEnvelope Malformed(string problem) => new(default, null, problem);
}
