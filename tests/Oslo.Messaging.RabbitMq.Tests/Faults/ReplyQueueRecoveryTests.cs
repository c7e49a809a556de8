using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Faults;

/// <summary>oslo's most reported failure: a reply queue that vanished leaves the client deaf. Here it is re-declared
/// under the same name; a fanout queue likewise.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "BrokerFaults")]
[Collection("BrokerFaults")]
public sealed class ReplyQueueRecoveryTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CallAsync_ReplyQueueDeletedWhileIdle_NextCallWorksThroughTheSameQueue()
    {
        // Replies through the reply queue, as from a Python server: direct reply-to would bypass the queue under test.
        await using var transport = await TestBroker.CreateTransportAsync(rabbit: new RabbitMqOptions { DirectReplyTo = false });
        var topic = TestBroker.Unique("deaf");
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = _signal });
        Assert.Equal(2, await client.CallAsync<int>(new RequestContext(), "add", new { a = 1, b = 1 }));
        var replyQueue = ReplyGroup(transport).Consumers[0].Spec.Name;
        await using var probe = await BrokerProbe.ConnectAsync();

        await probe.DeleteQueueAsync(replyQueue);

        Assert.Equal(3, await client.CallAsync<int>(new RequestContext(), "add", new { a = 1, b = 2 }));
        Assert.Equal(replyQueue, ReplyGroup(transport).Consumers[0].Spec.Name);
        Assert.Equal(1u, await probe.ConsumersAsync(replyQueue));
    }

    [Fact]
    public async Task CheckOnceAsync_ReplyConsumerSilentlyGone_RedeclaresAndConsumesAgain()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        var topic = TestBroker.Unique("silent");
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = _signal });
        Assert.Equal("s1", await client.CallAsync<string>(new RequestContext(), "whoami"));
        var group = ReplyGroup(transport);
        var consumer = group.Consumers[0];
        await using var probe = await BrokerProbe.ConnectAsync();

        // Closed from our side: no cancel notification, no shutdown callback; only the periodic check can notice.
        await consumer.Channel!.CloseAsync();
        Assert.Equal(0u, await probe.ConsumersAsync(consumer.Spec.Name));
        await group.CheckOnceAsync(CancellationToken.None).WaitAsync(_signal);

        Assert.Equal(1u, await probe.ConsumersAsync(consumer.Spec.Name));
        Assert.Equal("s1", await client.CallAsync<string>(new RequestContext(), "whoami"));
    }

    [Fact]
    public async Task FanoutCast_FanoutQueueDeleted_QueueRedeclaredUnderTheSameName()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        var topic = TestBroker.Unique("fanlost");
        var handler = new CollectingHandler();
        await using var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s1"), handler, CancellationToken.None);
        var fanoutConsumer = listener.Group.Consumers.Single(c => c.Spec.Name == listener.FanoutQueue!);
        await using var probe = await BrokerProbe.ConnectAsync();

        await probe.DeleteQueueAsync(listener.FanoutQueue!);
        // The broker's cancel notification starts the recovery; the check waits for it (or runs it if the notice is late).
        await listener.Group.CheckOnceAsync(CancellationToken.None).WaitAsync(_signal);
        await new RpcClient(transport, new Target(topic, fanout: true)).CastAsync(new RequestContext(), "note", new { kind = "again" });

        var message = await handler.NextAsync(_signal);
        Assert.Equal(listener.FanoutQueue, message.Source);
        Assert.Equal(1u, await probe.ConsumersAsync(listener.FanoutQueue!));
    }

    private static ConsumerGroup ReplyGroup(Transport transport) =>
        ((RabbitMqTransportDriver)transport.Driver).Reply ?? throw new InvalidOperationException("No reply consumer yet");
}
