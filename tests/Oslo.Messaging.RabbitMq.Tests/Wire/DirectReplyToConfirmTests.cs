using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Wire;

/// <summary>A call offering direct reply-to does not wait for its request's publisher confirm (docs/rabbitmq.md,
/// "Direct reply-to"): the reply proves the request arrived. The broker's verdict still counts when it comes first:
/// a nack sends the request again (with back-off, within the retry budget) or fails the call with the send's error;
/// a return fails it (RpcOverRabbitTests.CallAsync_AtLeastOnceWithoutServer...).</summary>
[Trait("Category", "Integration")]
public sealed class DirectReplyToConfirmTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task CallAsync_RequestNackedAndNoRetryLeft_FailsWithTheSendErrorNotATimeout()
    {
        var exchange = TestBroker.Unique("cnx");
        var topic = TestBroker.Unique("cnack");
        await using var probe = await BrokerProbe.ConnectAsync();
        await using (var setup = await probe.Connection.CreateChannelAsync())
        {
            await setup.ExchangeDeclareAsync(exchange, "topic", durable: false, autoDelete: false);
            await RejectingQueueAsync(setup, exchange, topic);
        }

        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { ControlExchange = exchange });
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60), Retry = 0 });

        // Bounded wait: a call that waited for a reply instead would fail the test at _signal, not hang it.
        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(
            () => client.CallAsync<string>(new RequestContext(), "echo", new { value = "x" }).WaitAsync(_signal));

        Assert.Contains("nacked", error.Message, StringComparison.Ordinal);
        Assert.Contains(topic, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_RequestNackedAfterItsSend_IsSentAgainAndAnswered()
    {
        var exchange = TestBroker.Unique("cnx");
        var topic = TestBroker.Unique("cresend");
        var logs = new CapturingLoggerFactory();
        var options = new TransportOptions { ControlExchange = exchange };
        await using var serverTransport = await TestBroker.CreateTransportAsync(options: options);
        var rabbit = TestBroker.FastRecovery();
        rabbit.RetryInterval = TimeSpan.FromMilliseconds(500);
        rabbit.RetryBackoff = TimeSpan.Zero;
        await using var clientTransport = await TestBroker.CreateTransportAsync(rabbit: rabbit, options: new TransportOptions { ControlExchange = exchange, LoggerFactory = logs });
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        Assert.Equal("warm", await client.CallAsync<string>(new RequestContext(), "echo", new { value = "warm" }).WaitAsync(_signal));

        // The server's queue no longer bound, a queue that takes nothing in its place: the request's send ends at
        // once, its nack comes after, and only a request sent again can reach the server once its queue is back.
        await using var probe = await BrokerProbe.ConnectAsync();
        await using var setup = await probe.Connection.CreateChannelAsync();
        await setup.QueueUnbindAsync(topic, exchange, topic);
        await RejectingQueueAsync(setup, exchange, topic + "_rejects");
        var call = client.CallAsync<string>(new RequestContext(), "echo", new { value = "again" });
        await WaitForAsync(() => logs.Entries.Any(e => e.EventId.Id == 121)); // SendRetry: nacked, sent again after back-off
        Assert.False(call.IsCompleted);
        await setup.QueueBindAsync(topic, exchange, topic);
        await setup.QueueDeleteAsync(topic + "_rejects");

        Assert.Equal("again", await call.WaitAsync(_signal));
    }

    /// <summary>A queue that takes nothing: with reject-publish the broker nacks every message routed to it.</summary>
    private static async Task RejectingQueueAsync(IChannel setup, string exchange, string name)
    {
        var topic = name.EndsWith("_rejects", StringComparison.Ordinal) ? name[..^"_rejects".Length] : name;
        await setup.QueueDeclareAsync(name, durable: false, exclusive: false, autoDelete: true,
            new Dictionary<string, object?> { ["x-max-length"] = 0, ["x-overflow"] = "reject-publish" });
        await setup.QueueBindAsync(name, exchange, topic);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + _signal;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition was not met in time");
            await Task.Delay(20);
        }
    }
}
