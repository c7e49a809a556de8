using System.Security.Cryptography;

namespace Oslo.Messaging.Internal;

/// <summary>The one place ids come from: uuid4 as 32 lowercase hex digits, as oslo's <c>uuid.uuid4().hex</c>.</summary>
internal static class MessageIds
{
    /// <summary>A random (version 4, RFC 4122 variant) uuid in hex, from the cryptographic generator.</summary>
    /// <remarks>
    /// Cryptographic, not <see cref="Random.Shared"/>: a reply is tied to its call by <c>_msg_id</c> alone, so an id a
    /// peer could predict would let it answer someone else's call. The generator is OpenSSL's user-space one here, not
    /// a system call per id.
    /// </remarks>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>A random uuid in the dashed form (<c>8-4-4-4-12</c>), as oslo's <c>str(uuid.uuid4())</c> for notification ids.</summary>
    public static string NewDashed()
    {
        Span<byte> bytes = stackalloc byte[16];
        Fill(bytes);
        // Guid's constructor reads the first three groups little-endian; the big-endian flag keeps the bytes in order.
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    private static void Fill(Span<byte> bytes)
    {
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
    }
}
