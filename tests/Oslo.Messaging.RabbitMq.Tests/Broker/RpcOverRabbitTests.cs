using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Broker;

[Trait("Category", "Integration")]
public sealed class RpcOverRabbitTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CallAsync_ServerOnOtherTransport_ReturnsResult()
    {
        await using var serverTransport = await TestBroker.CreateTransportAsync();
        await using var clientTransport = await TestBroker.CreateTransportAsync();
        var topic = TestBroker.Unique("rpc");
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = _signal });

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

        Assert.Equal("all", await one.NextNoteAsync(_signal));
        Assert.Equal("all", await two.NextNoteAsync(_signal));
    }

    [Fact]
    public async Task CallAsync_NoServer_TimesOut()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        // Warm the send connection and the reply queue first: the short timeout must measure the missing server,
        // not how long connecting takes on a loaded machine.
        var warm = TestBroker.Unique("warm");
        await using var server = new RpcServer(transport, new Target(warm, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        Assert.Equal("s1", await new RpcClient(transport, new Target(warm), new RpcClientOptions { Timeout = _signal }).CallAsync<string>(new RequestContext(), "whoami"));
        var client = new RpcClient(transport, new Target(TestBroker.Unique("nobody")), new RpcClientOptions { Timeout = TimeSpan.FromMilliseconds(500) });

        await Assert.ThrowsAsync<MessagingTimeoutException>(() => client.CallAsync<int>(new RequestContext(), "add"));
    }

    [Fact]
    public async Task CallAsync_AtLeastOnceWithoutQueue_ThrowsUndeliverable()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        var topic = TestBroker.Unique("nobody");
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = _signal, AtLeastOnce = true });

        var error = await Assert.ThrowsAsync<MessageUndeliverableException>(() => client.CallAsync<int>(new RequestContext(), "add"));

        Assert.Equal(topic, error.RoutingKey);
        Assert.Equal("openstack", error.Exchange);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("AMQPLAIN")]
    public async Task CallAsync_LoginMethod_Works(string method)
    {
        await using var transport = await TestBroker.CreateTransportAsync("rabbit_login_method=" + method);
        var topic = TestBroker.Unique("login");
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();

        Assert.Equal("s1", await new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = _signal }).CallAsync<string>(new RequestContext(), "whoami"));
    }

    [Fact]
    public async Task CastAsync_WrongPassword_FailsAtOnceWithoutThePassword()
    {
        var options = new TransportOptions().UseRabbitMq(TestBroker.FastRecovery());
        await using var transport = await Transport.CreateAsync(TestBroker.UrlWith(password: "wrong-secret"), options);
        var client = new RpcClient(transport, new Target(TestBroker.Unique("auth")), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });

        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => client.CastAsync(new RequestContext(), "note").WaitAsync(_signal));

        Assert.Contains("ACCESS_REFUSED", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_FirstHostDown_FailsOverToTheNextHost()
    {
        var topic = TestBroker.Unique("failover");
        var options = new TransportOptions().UseRabbitMq(TestBroker.FastRecovery());
        await using var transport = await Transport.CreateAsync(TestBroker.UrlWith(null, "127.0.0.1:1", "127.0.0.1:2"), options);
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();

        Assert.Equal(7, await new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = _signal }).CallAsync<int>(new RequestContext(), "add", new { a = 3, b = 4 }));
    }

    [Fact]
    public async Task CallAsync_ManyConcurrent_AllAnswered()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        var topic = TestBroker.Unique("many");
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = _signal });

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.CallAsync<int>(new RequestContext(), "add", new { a = i, b = 1 })));

        Assert.Equal(Enumerable.Range(1, 200), results);
    }
}
