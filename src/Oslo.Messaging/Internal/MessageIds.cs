namespace Oslo.Messaging.Internal;

/// <summary>The one place ids come from: uuid4 as 32 lowercase hex digits, as oslo's <c>uuid.uuid4().hex</c>.</summary>
internal static class MessageIds
{
    /// <summary>A random (version 4, RFC 4122 variant) uuid in hex.</summary>
    /// <remarks>
    /// From <see cref="Random.Shared"/>, not <see cref="Guid.NewGuid"/>: ids must be unique, not secret (anyone who can
    /// read the broker sees them in the messages), and the cryptographic generator cost a system call per id, three
    /// per call (the benchmark's profile showed it at ~5% of the in-process transport's CPU).
    /// </remarks>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return Convert.ToHexStringLower(bytes);
    }
}
