using System.Buffers;
using System.Text.Json;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// Reads the JSON Python writes, not only strict JSON. oslo encodes with <c>json.dumps</c>, which writes the bare
/// tokens <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> (strict readers refuse them) and escapes a lone surrogate
/// as <c>\udXXX</c> (which .NET parses but cannot turn into a string). Both are rewritten into what .NET reads with
/// the same meaning as far as it can be kept: the three numbers become the strings <c>"NaN"</c>, <c>"Infinity"</c>,
/// <c>"-Infinity"</c> (which the default serializer reads back into a <see cref="double"/>), a lone surrogate becomes
/// U+FFFD, as .NET's own encoders do. Strict JSON takes the fast path and is never copied.
/// </summary>
internal static class PythonJson
{
    /// <summary>Parses <paramref name="json"/> into an element independent of its memory.</summary>
    /// <exception cref="JsonException">Not JSON even as Python writes it.</exception>
    public static JsonElement Parse(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var rewritten = MayHaveSurrogateEscape(json) ? Rewrite(json) : null;
        try
        {
            return ParseStrict(rewritten ?? json, options);
        }
        catch (JsonException) when (rewritten is null && Rewrite(json) is { } lenient)
        {
            return ParseStrict(lenient, options);
        }
    }

    /// <summary>Whether <paramref name="json"/> may hold an escaped surrogate (a cheap, vectorized check).</summary>
    public static bool MayHaveSurrogateEscape(ReadOnlySpan<byte> json) =>
        json.IndexOf("\\ud"u8) >= 0 || json.IndexOf("\\uD"u8) >= 0;

    /// <summary>The rewritten JSON, or null when there was nothing to rewrite.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> json)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + 16);
        var changed = false;
        var inString = false;
        var i = 0;
        while (i < json.Length)
        {
            var b = json[i];
            if (inString)
            {
                if (b == (byte)'"')
                {
                    inString = false;
                }
                else if (b == (byte)'\\' && i + 1 < json.Length)
                {
                    var consumed = RewriteEscape(json[i..], output, ref changed);
                    i += consumed;
                    continue;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (TryQuoteLiteral(json[i..], output, out var length))
            {
                changed = true;
                i += length;
                continue;
            }

            output.Write([b]);
            i++;
        }

        return changed ? output.WrittenSpan.ToArray() : null;
    }

    private static JsonElement ParseStrict(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(json, options);
        var element = JsonElement.ParseValue(ref reader); // copies: independent of json's memory
        if (reader.Read())
        {
            throw new JsonException($"Unexpected data after the JSON value at byte {reader.TokenStartIndex}");
        }

        return element;
    }

    // Outside strings the letters N and I start no strict JSON token, so these can only be Python's literals.
    private static bool TryQuoteLiteral(ReadOnlySpan<byte> rest, ArrayBufferWriter<byte> output, out int length)
    {
        ReadOnlySpan<byte> literal = rest.StartsWith("NaN"u8) ? "NaN"u8
            : rest.StartsWith("Infinity"u8) ? "Infinity"u8
            : rest.StartsWith("-Infinity"u8) ? "-Infinity"u8
            : default;
        length = literal.Length;
        if (length == 0)
        {
            return false;
        }

        output.Write("\""u8);
        output.Write(literal);
        output.Write("\""u8);
        return true;
    }

    /// <summary>Copies one escape sequence starting at a backslash, replacing a lone surrogate; returns the bytes read.</summary>
    private static int RewriteEscape(ReadOnlySpan<byte> rest, ArrayBufferWriter<byte> output, ref bool changed)
    {
        if (rest[1] != (byte)'u' || !TryHex(rest, 2, out var unit))
        {
            output.Write(rest[..2]);
            return 2;
        }

        if (unit is >= 0xD800 and <= 0xDBFF && rest.Length >= 12 && rest[6] == (byte)'\\' && rest[7] == (byte)'u'
            && TryHex(rest, 8, out var low) && low is >= 0xDC00 and <= 0xDFFF)
        {
            output.Write(rest[..12]); // a proper pair
            return 12;
        }

        if (unit is >= 0xD800 and <= 0xDFFF)
        {
            output.Write("\\ufffd"u8);
            changed = true;
            return 6;
        }

        output.Write(rest[..6]);
        return 6;
    }

    private static bool TryHex(ReadOnlySpan<byte> text, int start, out int value)
    {
        value = 0;
        if (text.Length < start + 4)
        {
            return false;
        }

        for (var i = start; i < start + 4; i++)
        {
            var digit = HexDigit(text[i]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
