using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.RabbitMq.Tests.Behaviour;

/// <summary>A small fleet (bench/fleet.sh measures large ones): 20 servers on one topic in one transport, as nova-compute
/// runs one per host. They share one listen connection (one channel per server, for its three queues), each answers calls directed to it, a
/// fanout cast reaches every one, and a server that stops leaves the others consuming.</summary>
[Trait("Category", "Integration")]
public sealed class FleetSmokeTests
{
    private const int Servers = 20;
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwentyServers_ShareOneListenConnection_EachServesAndAllGetTheFanout()
    {
        var topic = TestBroker.Unique("fleet");
        await using var serverTransport = await TestBroker.CreateTransportAsync();
        await using var clientTransport = await TestBroker.CreateTransportAsync();
        var endpoints = Enumerable.Range(1, Servers).Select(i => new EchoEndpoint($"host-{i}")).ToArray();
        var servers = endpoints.Select((e, i) => new RpcServer(serverTransport, new Target(topic, $"host-{i + 1}"), [e])).ToArray();
        using (var start = new CancellationTokenSource(_wait))
        {
            await Task.WhenAll(servers.Select(s => s.StartAsync(start.Token)));
        }

        try
        {
            var driver = Assert.IsType<RabbitMqTransportDriver>(serverTransport.Driver);
            var connections = driver.Listeners.Select(l => l.Group.Connection).Distinct().ToArray();
            Assert.Single(connections);
            Assert.NotNull(connections[0]);
            Assert.Equal(Servers, driver.Listeners.SelectMany(l => l.Group.Consumers).Select(c => c.Channel).Distinct().Count());
            Assert.All(driver.Listeners, l => Assert.All(l.Group.Consumers, c => Assert.Same(l.Group.Channel, c.Channel)));

            var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = _wait });
            for (var i = 1; i <= Servers; i++)
            {
                Assert.Equal($"host-{i}", await client.Prepare(server: $"host-{i}").CallAsync<string>(new RequestContext(), "whoami"));
            }

            await client.Prepare(fanout: true).CastAsync(new RequestContext(), "note", new { kind = "all" });
            foreach (var endpoint in endpoints)
            {
                Assert.Equal("all", await endpoint.NextNoteAsync(_wait));
            }

            // One server leaves: the shared connection stays, the others still serve.
            await servers[0].StopAsync();
            await servers[0].DisposeAsync();
            Assert.Same(connections[0], driver.Listeners.Select(l => l.Group.Connection).Distinct().Single());
            Assert.Equal($"host-{Servers}", await client.Prepare(server: $"host-{Servers}").CallAsync<string>(new RequestContext(), "whoami"));
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
