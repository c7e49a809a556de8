using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.RabbitMq.Tests.Broker;

/// <summary>The heartbeat a connection negotiates, so that a silent broker is given up within
/// <c>heartbeat_timeout_threshold</c> (see <see cref="BrokerConnector.HeartbeatFor"/>; the behaviour itself is proven
/// against a paused cluster node in Cluster/PausedNodeTests.cs).</summary>
[Trait("Category", "Integration")]
public sealed class HeartbeatTests
{
    [Theory]
    [InlineData(60, 15)]
    [InlineData(6, 1)]
    [InlineData(2, 1)]
    public async Task Connection_HeartbeatThreshold_NegotiatesAQuarterOfIt(int threshold, int expected)
    {
        await using var transport = await TestBroker.CreateTransportAsync($"heartbeat_timeout_threshold={threshold}");
        await new RpcClient(transport, new Target(TestBroker.Unique("heartbeat"))).CastAsync(new RequestContext(), "noop");

        var connection = ((RabbitMqTransportDriver)transport.Driver).Publisher.Channel!.Connection;

        Assert.Equal(TimeSpan.FromSeconds(expected), connection.Heartbeat);
    }

    [Fact]
    public void HeartbeatFor_Zero_DisablesHeartbeats()
    {
        Assert.Equal(TimeSpan.Zero, BrokerConnector.HeartbeatFor(TimeSpan.Zero));
    }
}
