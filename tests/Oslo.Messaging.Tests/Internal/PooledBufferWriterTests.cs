using System.Buffers;
using Oslo.Messaging.Internal;

namespace Oslo.Messaging.Tests.Internal;

/// <summary>Writers reused per thread (<see cref="PooledBufferWriter.Rent"/>): a message's bytes must never be written
/// by, or reach, another message.</summary>
public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Rent_AfterDispose_StartsEmpty()
    {
        var first = PooledBufferWriter.Rent(64);
        first.Write("first message"u8);
        first.Dispose();

        using var second = PooledBufferWriter.Rent(64);

        Assert.Equal(0, second.WrittenSpan.Length);
    }

    [Fact]
    public void Rent_TwoAtOnce_AreDistinct()
    {
        using var outer = PooledBufferWriter.Rent(64);
        using var inner = PooledBufferWriter.Rent(64);

        Assert.NotSame(outer, inner);
    }

    [Fact]
    public void Dispose_Twice_NeverHandsOneWriterToTwoOwners()
    {
        // A writer disposed twice must go back once: otherwise two later encodes would share it, one message's bytes
        // overwriting the other's while its send still reads them.
        var writer = PooledBufferWriter.Rent(64);
        writer.Dispose();
        writer.Dispose();

        using var a = PooledBufferWriter.Rent(64);
        using var b = PooledBufferWriter.Rent(64);
        a.Write("request A"u8);
        b.Write("reply B"u8);

        Assert.NotSame(a, b);
        Assert.Equal("request A"u8.ToArray(), a.WrittenSpan.ToArray());
    }
}
