using System.Buffers;
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

    // One writer per thread, reused: every message used to allocate two or three writers (~150 B each).
    // Encoding never awaits while it holds the writer; a nested encode (a serializer hook) gets a fresh one.
    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    /// <summary>A writer over <paramref name="output"/>; flush it, then give it back with <see cref="ReturnWriter"/>.</summary>
    public static Utf8JsonWriter RentWriter(IBufferWriter<byte> output)
    {
        var writer = _threadWriter;
        if (writer is null)
        {
            return new Utf8JsonWriter(output, WriterOptions);
        }

        _threadWriter = null;
        writer.Reset(output);
        return writer;
    }

    /// <summary>Keeps <paramref name="writer"/> for the next message of this thread; anything not flushed is dropped
    /// (after a failure the half-written message must not reach the output).</summary>
    public static void ReturnWriter(Utf8JsonWriter writer)
    {
        writer.Reset(NoOutput.Instance);
        _threadWriter = writer;
    }

    /// <summary>Where a parked writer points, so it keeps no message buffer alive.</summary>
    private sealed class NoOutput : IBufferWriter<byte>
    {
        public static readonly NoOutput Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("A parked writer must not be used");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("A parked writer must not be used");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("A parked writer must not be used");
    }
}
