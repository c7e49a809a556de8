using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace Oslo.Messaging.Internal;

/// <summary>The one place ids come from: uuid4 as 32 lowercase hex digits, as oslo's <c>uuid.uuid4().hex</c>.</summary>
internal static class MessageIds
{
    private const int IdBytes = 16;
    private const int BatchBytes = IdBytes * 64;

    // Random bytes are drawn from the cryptographic generator 64 ids at a time per thread: one call per id cost ~5% of
    // the in-process transport's CPU in the benchmark's profile (three ids per call).
    // On Linux they come from the kernel's generator (/dev/urandom, the source OpenSSL seeds from), not from
    // RandomNumberGenerator: that one calls OpenSSL there, and loading libcrypto and System.Security.Cryptography for
    // ids alone made ~5 MB of a process's resident set (bench/README.md, "Peak working set per round").
    private static readonly Lazy<SafeFileHandle?> _urandom = new(OpenUrandom);

    [ThreadStatic]
    private static byte[]? _batch;

    [ThreadStatic]
    private static int _used;

    /// <summary>A random (version 4, RFC 4122 variant) uuid in hex, from the cryptographic generator.</summary>
    /// <remarks>
    /// Cryptographic, not <see cref="Random.Shared"/>: a reply is tied to its call by <c>_msg_id</c> alone, so an id a
    /// peer could predict from ids it has seen would let it answer someone else's call.
    /// </remarks>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[IdBytes];
        Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Writes a new id (as <see cref="New"/>) as the JSON string value of <paramref name="name"/>, without
    /// allocating a string: every request and reply carries a fresh <c>_unique_id</c>.</summary>
    public static void Write(System.Text.Json.Utf8JsonWriter writer, ReadOnlySpan<byte> name)
    {
        Span<byte> bytes = stackalloc byte[IdBytes];
        Fill(bytes);
        Span<char> hex = stackalloc char[IdBytes * 2];
        Convert.TryToHexStringLower(bytes, hex, out _);
        writer.WriteString(name, hex);
    }

    /// <summary>A random uuid in the dashed form (<c>8-4-4-4-12</c>), as oslo's <c>str(uuid.uuid4())</c> for notification ids.</summary>
    public static string NewDashed()
    {
        Span<byte> bytes = stackalloc byte[IdBytes];
        Fill(bytes);
        // Guid's constructor reads the first three groups little-endian; the big-endian flag keeps the bytes in order.
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    /// <summary>Fills <paramref name="bytes"/> (16) with the next random bytes of this thread's batch, as a version 4 uuid.</summary>
    private static void Fill(Span<byte> bytes)
    {
        var batch = _batch ??= new byte[BatchBytes];
        if (_used == 0 || _used >= BatchBytes)
        {
            FillRandom(batch);
            _used = 0;
        }

        batch.AsSpan(_used, IdBytes).CopyTo(bytes);
        batch.AsSpan(_used, IdBytes).Clear(); // an id's bytes do not stay in memory after use
        _used += IdBytes;
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
    }

    /// <summary>Fills <paramref name="batch"/> from /dev/urandom where there is one, else from RandomNumberGenerator.</summary>
    private static void FillRandom(byte[] batch)
    {
        if (_urandom.Value is { } urandom)
        {
            var filled = 0;
            while (filled < batch.Length)
            {
                var read = RandomAccess.Read(urandom, batch.AsSpan(filled), fileOffset: 0);
                if (read <= 0)
                {
                    break;
                }

                filled += read;
            }

            if (filled == batch.Length)
            {
                return;
            }
        }

        FillFromCryptography(batch);
    }

    // A method of its own, so that compiling FillRandom does not load System.Security.Cryptography.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FillFromCryptography(byte[] batch) => System.Security.Cryptography.RandomNumberGenerator.Fill(batch);

    private static SafeFileHandle? OpenUrandom()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return File.OpenHandle("/dev/urandom", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
