using System.Text;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Wire;

/// <summary>Exchanges, queues and bindings the transport declares, checked on the broker against docs/wire-protocol.md, "RabbitMQ topology": a re-declare
/// with oslo's flags and arguments succeeds, any difference is refused with 406.</summary>
[Trait("Category", "Integration")]
public sealed class DeclaredTopologyTests
{
    private const int PreconditionFailed = 406;
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ListenAsync_Defaults_DeclaresOslosTopologyAndBindings()
    {
        var exchange = TestBroker.Unique("x");
        var topic = TestBroker.Unique("topo");
        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { ControlExchange = exchange });
        var handler = new CollectingHandler();
        await using var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s1"), handler, CancellationToken.None);
        await using var probe = await BrokerProbe.ConnectAsync();

        Assert.Null(await probe.DeclareExchangeAsync(exchange, "topic", durable: false, autoDelete: false));
        Assert.Equal(PreconditionFailed, await probe.DeclareExchangeAsync(exchange, "topic", durable: true, autoDelete: false));
        Assert.Null(await probe.DeclareExchangeAsync(topic + "_fanout", "fanout", durable: false, autoDelete: true));
        Assert.Equal(PreconditionFailed, await probe.DeclareExchangeAsync(topic + "_fanout", "fanout", durable: false, autoDelete: false));
        foreach (var queue in new[] { topic, topic + ".s1" })
        {
            Assert.Null(await probe.DeclareQueueAsync(queue, durable: false, autoDelete: false, arguments: null));
            Assert.Equal(PreconditionFailed, await probe.DeclareQueueAsync(queue, durable: true, autoDelete: false, arguments: null));
            Assert.Equal(PreconditionFailed, await probe.DeclareQueueAsync(queue, durable: false, autoDelete: false, Expires(1800000)));
        }

        Assert.Matches($"^{topic}_fanout_[0-9a-f]{{32}}$", listener.FanoutQueue);
        Assert.Null(await probe.DeclareQueueAsync(listener.FanoutQueue!, durable: false, autoDelete: false, Expires(1800000)));
        Assert.Equal(PreconditionFailed, await probe.DeclareQueueAsync(listener.FanoutQueue!, durable: false, autoDelete: false, Expires(1000)));

        // Bindings: topic, topic.server and the fanout exchange each reach this listener.
        await probe.PublishAsync(exchange, topic, "1"u8.ToArray());
        await probe.PublishAsync(exchange, topic + ".s1", "2"u8.ToArray());
        await probe.PublishAsync(topic + "_fanout", "", "3"u8.ToArray());
        var sources = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            sources.Add((await handler.NextAsync(_signal)).Source);
        }

        Assert.Equal(new[] { topic, topic + ".s1", listener.FanoutQueue }.Order(), sources.Order());
    }

    [Fact]
    public async Task StartReplyConsumerAsync_DeclaresTransientExpiringReplyQueue()
    {
        await using var transport = await TestBroker.CreateTransportAsync("rabbit_transient_queues_ttl=900");
        await using var probe = await BrokerProbe.ConnectAsync();

        var replyQueue = await transport.Driver.StartReplyConsumerAsync(new CollectingHandler(), CancellationToken.None);

        Assert.Matches("^reply_[0-9a-f]{32}$", replyQueue);
        Assert.Equal(1u, await probe.ConsumersAsync(replyQueue));
        Assert.Null(await probe.DeclareQueueAsync(replyQueue, durable: false, autoDelete: false, Expires(900000)));
        Assert.Equal(PreconditionFailed, await probe.DeclareQueueAsync(replyQueue, durable: false, autoDelete: false, null));
        Assert.Equal(PreconditionFailed, await probe.DeclareQueueAsync(replyQueue, durable: false, autoDelete: true, Expires(900000)));
    }

    [Fact]
    public async Task ListenAsync_Quorum_TopicQueuesAreDurableQuorumAndTransientQueuesStayClassic()
    {
        var exchange = TestBroker.Unique("xq");
        var topic = TestBroker.Unique("quorum");
        await using var transport = await TestBroker.CreateTransportAsync(
            "rabbit_quorum_queue=true&rabbit_quorum_delivery_limit=4", options: new TransportOptions { ControlExchange = exchange });
        await using var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s1"), new CollectingHandler(), CancellationToken.None);
        await using var probe = await BrokerProbe.ConnectAsync();
        try
        {
            var quorum = new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 4 };
            Assert.Null(await probe.DeclareExchangeAsync(exchange, "topic", durable: true, autoDelete: false));
            Assert.Null(await probe.DeclareQueueAsync(topic, durable: true, autoDelete: false, quorum));
            Assert.Null(await probe.DeclareQueueAsync(topic + ".s1", durable: true, autoDelete: false, quorum));
            Assert.Equal(PreconditionFailed, await probe.DeclareQueueAsync(topic, durable: true, autoDelete: false,
                new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }));
            Assert.Null(await probe.DeclareQueueAsync(listener.FanoutQueue!, durable: false, autoDelete: false, Expires(1800000)));
        }
        finally
        {
            // Durable objects outlive the test: remove them.
            await probe.DeleteQueueAsync(topic);
            await probe.DeleteQueueAsync(topic + ".s1");
            await probe.DeleteExchangeAsync(exchange);
        }
    }

    [Fact]
    public async Task SendAsync_ExchangeWithOtherFlags_FailsWithTheReason()
    {
        var exchange = TestBroker.Unique("xd");
        await using var probe = await BrokerProbe.ConnectAsync();
        Assert.Null(await probe.DeclareExchangeAsync(exchange, "topic", durable: true, autoDelete: true));
        await using var transport = await TestBroker.CreateTransportAsync();

        var error = await Assert.ThrowsAsync<Exceptions.MessageDeliveryFailureException>(() =>
            transport.Driver.SendAsync(Destination.ToTopic(exchange, "t"), Encoding.UTF8.GetBytes("{}"), new SendOptions(), CancellationToken.None).AsTask());

        await probe.DeleteExchangeAsync(exchange);
        Assert.Contains("PRECONDITION_FAILED", error.Message, StringComparison.Ordinal);
        Assert.Contains("amqp_durable_queues", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("guest:guest", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Expires(int milliseconds) => new() { ["x-expires"] = milliseconds };
}
