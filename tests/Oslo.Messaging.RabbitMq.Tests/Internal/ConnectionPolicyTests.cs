using System.Buffers.Binary;
using System.Text;
using Oslo.Messaging.RabbitMq.Internal;

namespace Oslo.Messaging.RabbitMq.Tests.Internal;

public sealed class ConnectionPolicyTests
{
    [Fact]
    public void Backoff_Defaults_FollowOslosSequenceUpToTheCap()
    {
        var settings = RabbitSettings.Defaults;

        var delays = Enumerable.Range(0, 20).Select(n => Backoff.Delay(settings, n).TotalSeconds).ToArray();

        Assert.Equal([1, 1, 3, 5, 7, 9], delays[..6]);
        Assert.Equal(30, delays[^1]);
        Assert.All(delays, d => Assert.InRange(d, 1, 30));
    }

    [Fact]
    public void Backoff_LostConnection_WaitsTheReconnectDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(0.3), Backoff.Delay(RabbitSettings.Defaults with { ReconnectDelay = TimeSpan.FromSeconds(0.3) }, 0));
    }

    [Fact]
    public void HostRotation_RoundRobin_TriesEveryHostOnceInUrlOrder()
    {
        var rotation = new HostRotation(3, RabbitMqFailoverStrategy.RoundRobin);

        var round = rotation.NextRound();

        Assert.Equal([0, 1, 2], round.Order());
        Assert.Equal((round[0] + 1) % 3, round[1]);
        Assert.Equal((round[0] + 2) % 3, round[2]);
    }

    [Fact]
    public void HostRotation_LostHost_NextRoundStartsAtTheFollowingHost()
    {
        var rotation = new HostRotation(3, RabbitMqFailoverStrategy.RoundRobin);
        rotation.Connected(2);

        rotation.Lost(2);

        Assert.Equal([0, 1, 2], rotation.NextRound());
    }

    [Fact]
    public void HostRotation_Shuffle_TriesEveryHostOnce()
    {
        var rotation = new HostRotation(5, RabbitMqFailoverStrategy.Shuffle);

        Assert.Equal([0, 1, 2, 3, 4], rotation.NextRound().Order());
    }

    [Theory]
    [InlineData(null, 1000)]
    [InlineData(-1, 1000)]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    public void RetryBudget_Retry_AllowsThatManyRetries(int? retry, int expected)
    {
        var budget = new RetryBudget(retry);
        var allowed = 0;
        while (allowed < 1000 && budget.TryConsume(new IOException("down")))
        {
            allowed++;
        }

        Assert.Equal(expected, allowed);
        Assert.IsType<IOException>(budget.LastError);
    }

    [Fact]
    public void Amqplain_Encode_IsAFieldTableWithoutLengthPrefix()
    {
        var bytes = AmqplainMechanism.Encode("nova", "pässword");

        var expected = new List<byte> { 5 };
        expected.AddRange("LOGIN"u8.ToArray());
        expected.Add((byte)'S');
        expected.AddRange(BigEndian(4));
        expected.AddRange("nova"u8.ToArray());
        expected.Add(8);
        expected.AddRange("PASSWORD"u8.ToArray());
        expected.Add((byte)'S');
        var password = Encoding.UTF8.GetBytes("pässword");
        expected.AddRange(BigEndian(password.Length));
        expected.AddRange(password);
        Assert.Equal(expected, bytes);
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
