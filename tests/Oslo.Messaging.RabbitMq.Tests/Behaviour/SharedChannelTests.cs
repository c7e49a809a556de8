using Oslo.Messaging.Notify;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Behaviour;

/// <summary>One channel per RPC server (its three consumers) and per notification listener, on listen connections
/// shared by both (docs/rabbitmq.md, "Connections, channels, acknowledgements"): a channel error on one queue takes all the group's
/// consumers down, and all come back.</summary>
[Trait("Category", "Integration")]
public sealed class SharedChannelTests
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RpcServer_BrokerClosesItsChannelOverOneQueue_AllThreeConsumersComeBackOnANewChannel()
    {
        await using var transport = await TestBroker.CreateTransportAsync(rabbit: TestBroker.FastRecovery());
        var topic = TestBroker.Unique("onechannel");
        var handler = new CollectingHandler();
        await using var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s1"), handler, CancellationToken.None);
        var group = listener.Group;
        var channel = group.Channel!;
        Assert.Equal(3, group.Consumers.Count);
        Assert.All(group.Consumers, c => Assert.Same(channel, c.Channel));
        await using var probe = await BrokerProbe.ConnectAsync();

        // A 404 on the shared channel (as a refused declare of one queue would give): the broker closes the channel,
        // and with it the consumers of all three queues.
        await ChannelFailure.Close404Async(channel);
        await Eventually.TrueAsync(() => group.Channel is { IsOpen: true } now && !ReferenceEquals(now, channel) && group.Consumers.All(c => c.IsConsumingOn(now)), _wait);
        await group.Recovery.WaitAsync(_wait);

        Assert.False(channel.IsOpen);
        foreach (var consumer in group.Consumers)
        {
            Assert.Equal(1u, await probe.ConsumersAsync(consumer.Spec.Name));
        }

        await new RpcClient(transport, new Target(topic)).CastAsync(new RequestContext(), "note", new { kind = "topic" });
        await new RpcClient(transport, new Target(topic, "s1")).CastAsync(new RequestContext(), "note", new { kind = "server" });
        await new RpcClient(transport, new Target(topic, fanout: true)).CastAsync(new RequestContext(), "note", new { kind = "fanout" });
        var sources = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            sources.Add((await handler.NextAsync(_wait)).Source);
        }

        Assert.Equal(group.Consumers.Select(c => c.Spec.Name).ToHashSet(), sources);
    }

    [Fact]
    public async Task NotificationListeners_OneMoreThanAConnectionHolds_TwoListenConnectionsAndBothRecover()
    {
        const int Listeners = ListenConnections.GroupsPerConnection + 1;
        await using var transport = await TestBroker.CreateTransportAsync(rabbit: TestBroker.FastRecovery());
        var driver = Assert.IsType<RabbitMqTransportDriver>(transport.Driver);
        var topic = TestBroker.Unique("notifleet");
        var queue = topic + ".info";
        var handler = new SettlingHandler();
        var listeners = new List<RabbitMqListener>();
        try
        {
            using (var start = new CancellationTokenSource(_wait))
            {
                foreach (var _ in Enumerable.Range(0, Listeners))
                {
                    listeners.Add((RabbitMqListener)await driver.ListenForNotificationsAsync([new QueueBinding(queue, null, queue)], handler, start.Token));
                }
            }

            var connections = listeners.Select(l => l.Group.Connection).Distinct().ToArray();
            Assert.Equal(2, connections.Length); // ⌈257 / 256⌉
            Assert.All(connections, Assert.NotNull);
            Assert.Equal(Listeners, listeners.Select(l => l.Group.Channel).Distinct().Count());
            await using var probe = await BrokerProbe.ConnectAsync();
            Assert.Equal((uint)Listeners, await probe.ConsumersAsync(queue));
            var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });
            Assert.True(await notifier.InfoAsync(null, "before", null));
            Assert.Equal(queue, await handler.NextAsync(_wait));

            // Both connections lost: every listener is set up again on the new ones.
            foreach (var connection in connections)
            {
                await connection!.CloseAsync();
            }

            await Eventually.TrueAsync(() => listeners.All(l => l.Group.Connection is { } now && !connections.Contains(now)
                && l.Group.Channel is { IsOpen: true } channel && l.Group.Consumers.All(c => c.IsConsumingOn(channel))), _wait);
            Assert.Equal(2, listeners.Select(l => l.Group.Connection).Distinct().Count());
            Assert.Equal((uint)Listeners, await probe.ConsumersAsync(queue));
            Assert.True(await notifier.InfoAsync(null, "after", null));
            Assert.Equal(queue, await handler.NextAsync(_wait));
        }
        finally
        {
            foreach (var listener in listeners)
            {
                await listener.DisposeAsync();
            }
        }
    }
}
