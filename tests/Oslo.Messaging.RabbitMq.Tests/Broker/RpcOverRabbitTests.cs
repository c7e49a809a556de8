using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.RabbitMq.Tests.Broker;

[Trait("Category", "Integration")]
public sealed class RpcOverRabbitTests
{
    private static readonly TimeSpan Signal = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CallAsync_ServerOnOtherTransport_ReturnsResult()
    {
        await using var serverTransport = await TestBroker.CreateTransportAsync();
        await using var clientTransport = await TestBroker.CreateTransportAsync();
        var topic = TestBroker.Unique("rpc");
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = Signal });

        Assert.Equal(5, await client.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 }));
        Assert.Equal("s1", await client.Prepare(server: "s1").CallAsync<string>(new RequestContext(), "whoami"));
    }

    [Fact]
    public async Task CastAsync_Fanout_ReachesEveryServer()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        var topic = TestBroker.Unique("fan");
        var one = new EchoEndpoint("a");
        var two = new EchoEndpoint("b");
        await using var serverA = new RpcServer(transport, new Target(topic, "a"), [one]);
        await using var serverB = new RpcServer(transport, new Target(topic, "b"), [two]);
        await serverA.StartAsync();
        await serverB.StartAsync();

        await new RpcClient(transport, new Target(topic, fanout: true)).CastAsync(new RequestContext(), "note", new { kind = "all" });

        Assert.Equal("all", await one.NextNoteAsync(Signal));
        Assert.Equal("all", await two.NextNoteAsync(Signal));
    }

    [Fact]
    public async Task CallAsync_NoServer_TimesOut()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        var client = new RpcClient(transport, new Target(TestBroker.Unique("nobody")), new RpcClientOptions { Timeout = TimeSpan.FromMilliseconds(500) });

        await Assert.ThrowsAsync<MessagingTimeoutException>(() => client.CallAsync<int>(new RequestContext(), "add"));
    }

    [Fact]
    public async Task CallAsync_AtLeastOnceWithoutQueue_ThrowsUndeliverable()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        var topic = TestBroker.Unique("nobody");
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = Signal, AtLeastOnce = true });

        var error = await Assert.ThrowsAsync<MessageUndeliverableException>(() => client.CallAsync<int>(new RequestContext(), "add"));

        Assert.Equal(topic, error.RoutingKey);
        Assert.Equal("openstack", error.Exchange);
    }

    [Fact]
    public async Task CallAsync_ManyConcurrent_AllAnswered()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        var topic = TestBroker.Unique("many");
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = Signal });

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.CallAsync<int>(new RequestContext(), "add", new { a = i, b = 1 })));

        Assert.Equal(Enumerable.Range(1, 200), results);
    }
}
