using System.Text;
using System.Text.Json;

namespace Oslo.Messaging.Testing;

/// <summary>Independent encoders and decoders of oslo's wire format (docs/wire-protocol.md, "Envelope"), written with plain System.Text.Json
/// so tests do not check the library's codecs with themselves.</summary>
public static class OsloWire
{
    /// <summary>The message inside a body: the parsed <c>oslo.message</c> string of a v2 envelope, or the body itself.</summary>
    public static JsonElement Open(ReadOnlySpan<byte> body)
    {
        var root = JsonElement.Parse(Encoding.UTF8.GetString(body));
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("oslo.version", out _)
            && root.TryGetProperty("oslo.message", out var inner)
            && inner.ValueKind == JsonValueKind.String)
        {
            return JsonElement.Parse(inner.GetString()!);
        }

        return root;
    }

    /// <summary>Wraps a message object's JSON text in a v2 envelope (or the given envelope version).</summary>
    public static byte[] Wrap(string messageJson, string version = "2.0") =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["oslo.version"] = version,
            ["oslo.message"] = messageJson,
        }));

    /// <summary>A new id as oslo makes them: 32 lowercase hex digits.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");
}
