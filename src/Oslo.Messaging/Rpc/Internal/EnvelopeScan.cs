using System.Buffers;
using System.Text.Json;
using Oslo.Messaging.Internal;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>The first step of the fast readers (<see cref="RequestReader"/>, <see cref="ReplyReader"/>): finding the
/// message inside oslo's version 2.0 envelope without parsing it into a document.</summary>
internal static class EnvelopeScan
{
    /// <summary>Where the <c>oslo.message</c> string starts in a version "2.0" envelope; -1 for anything else.</summary>
    public static int FindMessage(ReadOnlySpan<byte> body, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(body, options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        var version = false;
        var messageStart = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals("oslo.version"u8);
            var isMessage = !isVersion && reader.ValueTextEquals("oslo.message"u8);
            reader.Read();
            // As Envelope.Open: only string values count, the last of each wins.
            if (isVersion && reader.TokenType == JsonTokenType.String)
            {
                version = reader.ValueTextEquals("2.0"u8);
            }
            else if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                messageStart = (int)reader.TokenStartIndex;
            }

            reader.Skip();
        }

        return version ? messageStart : -1;
    }
}
