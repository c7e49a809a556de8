using System.Text;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Faults;

/// <summary>Messages larger than the driver takes: rejected once, never redelivered in a loop, the server keeps serving.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "BrokerFaults")]
[Collection("BrokerFaults")]
public sealed class OversizeMessageTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Server_MessageAboveMaxMessageSize_IsRejectedWithoutRequeueAndLoggedWithItsSize()
    {
        var topic = TestBroker.Unique("big");
        var logs = new CapturingLoggerFactory();
        var rabbit = TestBroker.FastRecovery();
        rabbit.MaxMessageSize = 64 * 1024;
        await using var transport = await TestBroker.CreateTransportAsync(rabbit: rabbit, options: new TransportOptions { LoggerFactory = logs });
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        await using var probe = await BrokerProbe.ConnectAsync();

        await probe.PublishAsync("openstack", topic, new byte[256 * 1024]);

        var rejected = await logs.WaitForAsync(e => e.EventId.Id == 117, _signal);
        Assert.Contains("262144", rejected.Message, StringComparison.Ordinal);
        await AssertStillServesAsync(transport, topic);
        Assert.Equal(0u, await probe.ReadyAsync(topic));
        Assert.Single(logs.Entries, e => e.EventId.Id == 117);
    }

    [Fact]
    public async Task Server_MessageAboveTheClientLibrarysDefaultLimit_DoesNotLoop()
    {
        // RabbitMQ.Client's own default is 64 MiB: above it the client dropped the connection before acknowledging,
        // and the broker delivered the message again on every reconnect, forever. The broker takes up to 128 MiB.
        var topic = TestBroker.Unique("huge");
        var logs = new CapturingLoggerFactory();
        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { LoggerFactory = logs });
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        await using var probe = await BrokerProbe.ConnectAsync();
        var body = new byte[65 * 1024 * 1024];
        Array.Fill(body, (byte)'x');

        await probe.PublishAsync("openstack", topic, body);

        await AssertStillServesAsync(transport, topic);
        Assert.Equal(0u, await probe.ReadyAsync(topic));
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id == 103); // connection lost
    }

    private static async Task AssertStillServesAsync(Transport transport, string topic)
    {
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = _signal });
        Assert.Equal("ok", await client.CallAsync<string>(new RequestContext(), "echo", new { value = "ok" }));
    }
}
