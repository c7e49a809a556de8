using System.IO.Compression;
using System.Runtime.CompilerServices;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// <c>kombu_compression</c> as kombu puts it on the wire (docs/wire-protocol.md, "Newer oslo options"): the body is
/// compressed and the message header <c>compression</c> names the codec by MIME type. kombu's "gzip" is a zlib stream
/// (RFC 1950) under <c>application/x-gzip</c>. Consumers decompress whenever the header is present.
/// </summary>
internal sealed class MessageCompression
{
    /// <summary>The message header kombu names the codec in.</summary>
    public const string Header = "compression";

    /// <summary>kombu's MIME name for its "gzip" and "zlib" codecs (both zlib streams).</summary>
    public const string Zlib = "application/x-gzip";

    /// <summary>kombu's MIME name for brotli (only where Python has the brotli module).</summary>
    public const string Brotli = "application/x-brotli";

    /// <summary>No compression.</summary>
    public static readonly MessageCompression None = new(null);

    private static readonly MessageCompression _zlib = new(Zlib);

    private MessageCompression(string? mime) => Mime = mime;

    /// <summary>The <c>compression</c> header value, or null when not compressing.</summary>
    public string? Mime { get; }

    /// <summary>Parses an option value as kombu's aliases do: <c>gzip</c>, <c>zlib</c>; empty = none.</summary>
    /// <exception cref="TransportConfigurationException">A codec this driver cannot write (with the reason).</exception>
    public static MessageCompression Parse(string name, string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => None,
        "gzip" or "zlib" => _zlib,
        "bz2" => throw OptionValues.Invalid(name, value, "not a kombu codec name (oslo documents it, kombu knows \"bzip2\"): Python fails at publish too; use gzip"),
        "bzip2" or "bzip" or "lzma" or "xz" or "brotli" or "zstd" => throw OptionValues.Invalid(name, value,
            "the .NET driver writes only gzip/zlib (what every kombu can read; the others need codecs .NET does not ship or Python modules Debian lacks)"),
        _ => throw OptionValues.Invalid(name, value, "expected gzip or zlib (kombu's names), or empty for none"),
    };

    /// <summary>The body to publish.</summary>
    public ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> body) => Mime is null ? body : Deflate(body);

    // A method of its own, so that publishing uncompressed never loads System.IO.Compression (compiling a method that
    // names ZLibStream loads it; bench/README.md, "Peak working set per round").
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ReadOnlyMemory<byte> Deflate(ReadOnlyMemory<byte> body)
    {
        using var output = new MemoryStream(body.Length / 2 + 64);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(body.Span);
        }

        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    /// <summary>Decompresses a received body named by its <c>compression</c> header, refusing to produce more than
    /// <paramref name="maxSize"/> bytes (a small compressed message can expand to gigabytes).</summary>
    /// <returns>The body, or null with <paramref name="problem"/> set when it cannot be decompressed.</returns>
    public static byte[]? Decompress(string mime, ReadOnlyMemory<byte> body, int maxSize, out string? problem)
    {
        problem = null;
        try
        {
            using var input = new MemoryStream(body.ToArray(), writable: false);
            using Stream codec = mime switch
            {
                Zlib => new ZLibStream(input, CompressionMode.Decompress),
                Brotli => new BrotliStream(input, CompressionMode.Decompress),
                _ => throw new NotSupportedException($"unknown compression '{mime}' (this driver reads {Zlib} and {Brotli})"),
            };
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = codec.Read(buffer)) > 0)
            {
                if (output.Length + read > maxSize)
                {
                    problem = $"decompresses to more than MaxMessageSize ({maxSize} bytes)";
                    return null;
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
        {
            problem = ex.Message;
            return null;
        }
    }
}
