using System.Text.Encodings.Web;
using System.Text.Json;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>Writer and reader settings shared by every encoder: compact JSON, relaxed escaping (UTF-8 stays UTF-8, as any JSON parser reads it).</summary>
internal static class WireJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>A JSON null value.</summary>
    public static readonly JsonElement Null = JsonElement.Parse("null");
}
