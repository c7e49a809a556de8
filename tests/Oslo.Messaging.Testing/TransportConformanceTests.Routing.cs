using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Testing;

/// <summary>Routing: topic, server, fanout and exchange addressing.</summary>
public abstract partial class TransportConformanceTests
{
    [Fact]
    public async Task CallAsync_ServerListening_ReturnsResult()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(transport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        var client = NewClient(transport, new Target(topic));

        Assert.Equal(42L, await client.CallAsync<long>(new RequestContext(), "double", new { value = 21 }));
        Assert.Equal("s1", await client.CallAsync<string>(new RequestContext(), "whoami"));
    }

    [Fact]
    public async Task CallAsync_ClientOnOtherTransport_ReturnsResult()
    {
        var serverTransport = await NewTransportAsync();
        var clientTransport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(serverTransport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));

        var result = await NewClient(clientTransport, new Target(topic)).CallAsync<string>(new RequestContext(), "echo", new { value = "across" });

        Assert.Equal("across", result);
    }

    [Fact]
    public async Task CastAsync_ServerListening_ReachesServer()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new ConformanceEndpoint("s1");
        await StartServerAsync(transport, new Target(topic, "s1"), endpoint);

        await NewClient(transport, new Target(topic)).CastAsync(new RequestContext(), "note", new { kind = "cast" });

        Assert.Equal("cast", await endpoint.NextNoteAsync(SignalTimeout));
    }

    [Fact]
    public async Task CallAsync_TwoServersOnTopic_LoadBalancesAcrossBoth()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var first = new ConformanceEndpoint("s1");
        var second = new ConformanceEndpoint("s2");
        await StartServerAsync(transport, new Target(topic, "s1"), first);
        await StartServerAsync(transport, new Target(topic, "s2"), second);
        var client = NewClient(transport, new Target(topic));

        var answers = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await client.CallAsync<string>(new RequestContext(), "whoami"));
        }

        Assert.Contains("s1", answers);
        Assert.Contains("s2", answers);
        Assert.Equal(20, first.Calls + second.Calls);
    }

    [Fact]
    public async Task CallAsync_ServerDirected_ReachesOnlyThatServer()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var first = new ConformanceEndpoint("s1");
        var second = new ConformanceEndpoint("s2");
        await StartServerAsync(transport, new Target(topic, "s1"), first);
        await StartServerAsync(transport, new Target(topic, "s2"), second);
        var client = NewClient(transport, new Target(topic)).Prepare(server: "s2");

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("s2", await client.CallAsync<string>(new RequestContext(), "whoami"));
        }

        Assert.Equal(0, first.Calls);
        Assert.Equal(10, second.Calls);
    }

    [Fact]
    public async Task CastAsync_Fanout_ReachesEveryServer()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoints = new[] { new ConformanceEndpoint("s1"), new ConformanceEndpoint("s2"), new ConformanceEndpoint("s3") };
        foreach (var endpoint in endpoints)
        {
            await StartServerAsync(transport, new Target(topic, endpoint.ServerName), endpoint);
        }

        await NewClient(transport, new Target(topic, fanout: true)).CastAsync(new RequestContext(), "note", new { kind = "fanout" });

        foreach (var endpoint in endpoints)
        {
            Assert.Equal("fanout", await endpoint.NextNoteAsync(SignalTimeout));
        }
    }

    [Fact]
    public async Task CallAsync_SameTopicOnTwoExchanges_EachExchangeReachesItsOwnServer()
    {
        // oslo names the shared topic queue after the topic alone (docs/wire-protocol.md, "RabbitMQ topology"), so isolation is shown with the
        // server-directed queues (topic.server), which are bound only to their own server's exchange.
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var (exchangeA, exchangeB) = (NewExchange(), NewExchange());
        var onA = new ConformanceEndpoint("sa");
        var onB = new ConformanceEndpoint("sb");
        await StartServerAsync(transport, new Target(topic, "sa", exchange: exchangeA), onA);
        await StartServerAsync(transport, new Target(topic, "sb", exchange: exchangeB), onB);
        var client = NewClient(transport, new Target(topic));

        Assert.Equal("sa", await client.Prepare(exchange: exchangeA, server: "sa").CallAsync<string>(new RequestContext(), "whoami"));
        Assert.Equal("sb", await client.Prepare(exchange: exchangeB, server: "sb").CallAsync<string>(new RequestContext(), "whoami"));
        Assert.Equal(1, onA.Calls);
        Assert.Equal(1, onB.Calls);
    }

    [Fact]
    public async Task CallAsync_ServerOnlyOnOtherExchange_IsUndeliverable()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new ConformanceEndpoint("sb");
        await StartServerAsync(transport, new Target(topic, "sb", exchange: NewExchange()), endpoint);
        var client = new RpcClient(transport, new Target(topic, exchange: NewExchange()), new RpcClientOptions { Timeout = CallTimeout, AtLeastOnce = true });

        await Assert.ThrowsAsync<MessageUndeliverableException>(() => client.CallAsync<string>(new RequestContext(), "whoami"));
        await Assert.ThrowsAsync<MessageUndeliverableException>(() => client.Prepare(server: "sb").CallAsync<string>(new RequestContext(), "whoami"));
        Assert.Equal(0, endpoint.Calls);
    }

    [Fact]
    public async Task CallAsync_AtLeastOnceWithNoServer_FailsUndeliverable()
    {
        var transport = await NewTransportAsync();
        var client = new RpcClient(transport, new Target(NewTopic()), new RpcClientOptions { Timeout = CallTimeout, AtLeastOnce = true });

        await Assert.ThrowsAsync<MessageUndeliverableException>(() => client.CallAsync<string>(new RequestContext(), "whoami"));
    }
}
