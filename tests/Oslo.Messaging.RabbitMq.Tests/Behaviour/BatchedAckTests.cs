using System.Text;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Behaviour;

/// <summary>An RPC server's channel acknowledges its deliveries in batches (<see cref="AckBatch"/>; docs/rabbitmq.md,
/// "Connections, channels, acknowledgements"): once the consumer is idle nothing is left unacknowledged, so a channel
/// that fails afterwards gives nothing back to the queue.</summary>
[Trait("Category", "Integration")]
public sealed class BatchedAckTests
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RpcServer_IdleAfterAFewRequests_AllAcknowledged_NoneRedeliveredWhenItsChannelFails()
    {
        await using var transport = await TestBroker.CreateTransportAsync(rabbit: TestBroker.FastRecovery());
        var topic = TestBroker.Unique("batchack");
        var handler = new CollectingHandler();
        await using var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s1"), handler, CancellationToken.None);
        var group = listener.Group;
        var channel = group.Channel!;
        var acks = group.Acks!;
        var client = new RpcClient(transport, new Target(topic));

        const int Requests = 5; // fewer than a batch (prefetch 128: 8): only the idle flush acknowledges them
        for (var i = 0; i < Requests; i++)
        {
            await client.CastAsync(new RequestContext(), "note", new { kind = "first" });
        }

        for (var i = 0; i < Requests; i++)
        {
            await handler.NextAsync(_wait);
        }

        await Eventually.TrueAsync(() => acks.Pending == 0, _wait);

        // A 404 on the group's channel: the broker closes it; what it had not acknowledged would come back first.
        await ChannelFailure.Close404Async(channel);
        await Eventually.TrueAsync(() => group.Channel is { IsOpen: true } now && !ReferenceEquals(now, channel) && group.Consumers.All(c => c.IsConsumingOn(now)), _wait);
        await group.Recovery.WaitAsync(_wait);
        await client.CastAsync(new RequestContext(), "note", new { kind = "marker" });

        var next = await handler.NextAsync(_wait);
        Assert.Contains("marker", Encoding.UTF8.GetString(next.Body), StringComparison.Ordinal);
    }
}
