using System.Globalization;
using System.Text;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Wire;

/// <summary>
/// The declarations the newest oslo's options (18.1.0) put on the wire, captured from the broker's event exchange and
/// compared with docs/wire-protocol.md, "Newer oslo options" (the declaration matrix of oslo 18.1.0): one test per option.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NewestOsloTopologyTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TransientQuorumQueue_ReplyAndFanoutQueuesDurableQuorumAndFanoutExchangeDurable()
    {
        var topic = TestBroker.Unique("tq");
        await using var capture = await DeclarationCapture.StartAsync();
        await using var transport = await TestBroker.CreateTransportAsync("rabbit_transient_quorum_queue=true&rabbit_quorum_delivery_limit=5");
        await using var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s1"), new CollectingHandler(), CancellationToken.None);
        var reply = await transport.Driver.StartReplyConsumerAsync(new CollectingHandler(), CancellationToken.None);
        await using var probe = await BrokerProbe.ConnectAsync();
        try
        {
            // spec: quorum args + x-expires on reply and fanout queues, durable, not auto-delete; T_fanout durable, auto-delete.
            var quorum = Args(("x-queue-type", "quorum"), ("x-delivery-limit", 5L), ("x-expires", 1800000L));
            AssertQueue(await capture.QueueAsync(reply), durable: true, quorum);
            AssertQueue(await capture.QueueAsync(listener.FanoutQueue!), durable: true, quorum);
            AssertExchange(await capture.ExchangeAsync(topic + "_fanout"), "fanout", durable: true, autoDelete: true);
            // Topic queues stay governed by rabbit_quorum_queue (off): classic, not durable.
            AssertQueue(await capture.QueueAsync(topic), durable: false, Args());
        }
        finally
        {
            await probe.DeleteQueueAsync(reply);
            await probe.DeleteQueueAsync(listener.FanoutQueue!);
        }
    }

    [Fact]
    public async Task TransientQuorumQueue_FanoutCaster_DeclaresTheExchangeDurable()
    {
        var topic = TestBroker.Unique("tqcast");
        await using var capture = await DeclarationCapture.StartAsync();
        await using var transport = await TestBroker.CreateTransportAsync("rabbit_transient_quorum_queue=true");

        await transport.Driver.SendAsync(Destination.ToFanout(topic), "{}"u8.ToArray(), new SendOptions(), CancellationToken.None);

        AssertExchange(await capture.ExchangeAsync(topic + "_fanout"), "fanout", durable: true, autoDelete: true);
        await using var probe = await BrokerProbe.ConnectAsync();
        await probe.DeleteExchangeAsync(topic + "_fanout"); // durable, never bound: would outlive the test
    }

    [Fact]
    public async Task StreamFanout_OneSharedStreamPerTopic_ExactArgumentsAndConsumedFromNext()
    {
        var topic = TestBroker.Unique("sf");
        await using var capture = await DeclarationCapture.StartAsync();
        const string Query = "rabbit_transient_quorum_queue=true&rabbit_stream_fanout=true&enable_cancel_on_failover=true";
        await using var transportA = await TestBroker.CreateTransportAsync(Query);
        await using var transportB = await TestBroker.CreateTransportAsync(Query);
        var (a, b) = (new CollectingHandler(), new CollectingHandler());
        var listenerA = (RabbitMqListener)await transportA.Driver.ListenAsync(new Target(topic, "a"), a, CancellationToken.None);
        await using var listenerB = (RabbitMqListener)await transportB.Driver.ListenAsync(new Target(topic, "b"), b, CancellationToken.None);
        await using var probe = await BrokerProbe.ConnectAsync();
        try
        {
            Assert.Equal(topic + "_fanout", listenerA.FanoutQueue);
            Assert.Equal(topic + "_fanout", listenerB.FanoutQueue);
            AssertQueue(await capture.QueueAsync(topic + "_fanout"), durable: true, Args(("x-queue-type", "stream"), ("x-max-age", "1800s")));
            AssertExchange(await capture.ExchangeAsync(topic + "_fanout"), "fanout", durable: true, autoDelete: true);
            // (RabbitMQ 3.10 sends no consumer.created event for stream consumers: their arguments are checked in
            // TopologyTests.ConsumeArguments_Stream_OffsetReplacesFailoverArgument, the offset's effect below.)
            // Every server of the topic reads every cast from the one stream.
            await transportA.Driver.SendAsync(Destination.ToFanout(topic), "1"u8.ToArray(), new SendOptions(), CancellationToken.None);
            Assert.Equal("1", Encoding.UTF8.GetString((await a.NextAsync(_signal)).Body));
            Assert.Equal("1", Encoding.UTF8.GetString((await b.NextAsync(_signal)).Body));

            // A server started later reads from "next": not the casts already in the stream (oslo's "last" would replay "1").
            await using var transportC = await TestBroker.CreateTransportAsync(Query);
            var c = new CollectingHandler();
            await using var listenerC = await transportC.Driver.ListenAsync(new Target(topic, "c"), c, CancellationToken.None);
            await transportA.Driver.SendAsync(Destination.ToFanout(topic), "2"u8.ToArray(), new SendOptions(), CancellationToken.None);
            Assert.Equal("2", Encoding.UTF8.GetString((await c.NextAsync(_signal)).Body));

            // A server closing does not delete the shared stream: the others still read it.
            await listenerA.DisposeAsync();
            await transportC.Driver.SendAsync(Destination.ToFanout(topic), "3"u8.ToArray(), new SendOptions(), CancellationToken.None);
            Assert.Equal("2", Encoding.UTF8.GetString((await b.NextAsync(_signal)).Body));
            Assert.Equal("3", Encoding.UTF8.GetString((await b.NextAsync(_signal)).Body));
            // (RabbitMQ reports 0 consumers for a stream, so the queue check must not count them: QueueConsumer.CheckAsync.)
            Assert.NotNull(await probe.ReadyAsync(topic + "_fanout"));
            Assert.Null(await listenerB.Group.Consumers.Single(q => q.Spec.Stream).CheckAsync(CancellationToken.None));
        }
        finally
        {
            await listenerA.DisposeAsync();
            await probe.DeleteQueueAsync(topic + "_fanout");
        }
    }

    [Fact]
    public async Task StreamFanout_ConsumerLost_ResumesAfterTheLastOffsetWithoutLossOrRepeat()
    {
        var topic = TestBroker.Unique("sfoff");
        await using var transport = await TestBroker.CreateTransportAsync("rabbit_transient_quorum_queue=true&rabbit_stream_fanout=true");
        var handler = new CollectingHandler();
        await using var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s"), handler, CancellationToken.None);
        var stream = listener.Group.Consumers.Single(c => c.Spec.Stream);
        await using var probe = await BrokerProbe.ConnectAsync();
        try
        {
            foreach (var body in new[] { "1", "2" })
            {
                await transport.Driver.SendAsync(Destination.ToFanout(topic), Encoding.UTF8.GetBytes(body), new SendOptions(), CancellationToken.None);
                Assert.Equal(body, Encoding.UTF8.GetString((await handler.NextAsync(_signal)).Body));
            }

            var resumeAt = stream.NextStreamOffset;
            Assert.True(resumeAt > 0, $"offset {resumeAt}");

            // The consumer goes (its channel closed; no automatic recovery for a close of our own), a cast arrives meanwhile,
            // then the queue check recovers it: it resumes at the stored offset, so "3" is neither lost ("next") nor are 1
            // and 2 repeated ("first"/"last").
            await RabbitMQ.Client.IChannelExtensions.CloseAsync(stream.Channel!);
            await transport.Driver.SendAsync(Destination.ToFanout(topic), "3"u8.ToArray(), new SendOptions(), CancellationToken.None);
            await listener.Group.CheckOnceAsync(CancellationToken.None);
            Assert.Equal("3", Encoding.UTF8.GetString((await handler.NextAsync(_signal)).Body));
        }
        finally
        {
            await probe.DeleteQueueAsync(topic + "_fanout");
        }
    }

    [Fact]
    public async Task QueueManager_NamesFromHostProcessAndCounter_ClaimedExclusivelyAndKeptOnClose()
    {
        var process = "proc-" + Guid.NewGuid().ToString("N")[..8];
        var topic = TestBroker.Unique("qm");
        await using var capture = await DeclarationCapture.StartAsync();
        await using var transport = await TestBroker.CreateTransportAsync($"use_queue_manager=true&hostname=node1.example.com&processname={process}");
        var reply = await transport.Driver.StartReplyConsumerAsync(new CollectingHandler(), CancellationToken.None);
        var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s1"), new CollectingHandler(), CancellationToken.None);
        await using var probe = await BrokerProbe.ConnectAsync();
        try
        {
            // One counter per (hostname, processname), in the order names are asked for: reply first, then fanout.
            Assert.Equal($"reply_node1.example.com:{process}:1", reply);
            Assert.Equal($"{topic}_fanout_node1.example.com:{process}:2", listener.FanoutQueue);
            AssertQueue(await capture.QueueAsync(reply), durable: false, Args(("x-expires", 1800000L)));
            AssertQueue(await capture.QueueAsync(listener.FanoutQueue!), durable: false, Args(("x-expires", 1800000L)));
            Assert.True((await capture.ConsumerAsync(reply)).Exclusive);
            Assert.True((await capture.ConsumerAsync(listener.FanoutQueue!)).Exclusive);

            // Closing keeps the fanout queue: a restarted server with the same name finds the casts sent meanwhile.
            await listener.DisposeAsync();
            Assert.Equal(0u, await probe.ConsumersAsync(listener.FanoutQueue!));
        }
        finally
        {
            await listener.DisposeAsync();
            await probe.DeleteQueueAsync(listener.FanoutQueue!);
            await transport.DisposeAsync();
            await probe.DeleteQueueAsync(reply);
        }
    }

    [Fact]
    public async Task QueueManager_NameConsumedByAnotherProcess_TakesTheNextNumberAndCallsStillWork()
    {
        var process = "proc-" + Guid.NewGuid().ToString("N")[..8];
        var taken = $"reply_node1:{process}:1";
        await using var probe = await BrokerProbe.ConnectAsync();
        // Another process with the same hostname and processname (which counts from 1 too) consumes reply_..:1 already.
        await using var other = await probe.Connection.CreateChannelAsync();
        await other.QueueDeclareAsync(taken, durable: false, exclusive: false, autoDelete: false, Args(("x-expires", 1800000L)));
        await RabbitMQ.Client.IChannelExtensions.BasicConsumeAsync(other, taken, autoAck: true, new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(other));
        await using var transport = await TestBroker.CreateTransportAsync($"use_queue_manager=true&hostname=node1&processname={process}");
        try
        {
            var reply = await transport.Driver.StartReplyConsumerAsync(new CollectingHandler(), CancellationToken.None);

            Assert.Equal($"reply_node1:{process}:2", reply);
            Assert.Equal(1u, await probe.ConsumersAsync(taken)); // the other process keeps its queue to itself
            Assert.Equal(1u, await probe.ConsumersAsync(reply));
        }
        finally
        {
            await probe.DeleteQueueAsync(taken);
            await transport.DisposeAsync();
            await probe.DeleteQueueAsync($"reply_node1:{process}:2");
        }
    }

    [Fact]
    public async Task TransientQueuesTtlZero_NoExpiresOnReplyAndFanoutAndNoMaxAgeOnTheStream()
    {
        var topic = TestBroker.Unique("ttl0");
        var streamTopic = TestBroker.Unique("ttl0s");
        await using var capture = await DeclarationCapture.StartAsync();
        await using var transport = await TestBroker.CreateTransportAsync("rabbit_transient_queues_ttl=0");
        await using var streams = await TestBroker.CreateTransportAsync("rabbit_transient_queues_ttl=0&rabbit_transient_quorum_queue=1&rabbit_stream_fanout=1");
        var reply = await transport.Driver.StartReplyConsumerAsync(new CollectingHandler(), CancellationToken.None);
        var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s1"), new CollectingHandler(), CancellationToken.None);
        await using var streamListener = (RabbitMqListener)await streams.Driver.ListenAsync(new Target(streamTopic, "s1"), new CollectingHandler(), CancellationToken.None);
        await using var probe = await BrokerProbe.ConnectAsync();
        try
        {
            AssertQueue(await capture.QueueAsync(reply), durable: false, Args());
            AssertQueue(await capture.QueueAsync(listener.FanoutQueue!), durable: false, Args());
            AssertQueue(await capture.QueueAsync(streamTopic + "_fanout"), durable: true, Args(("x-queue-type", "stream")));
        }
        finally
        {
            await listener.DisposeAsync(); // deletes its fanout queue (no queue manager, no stream): it would never expire
            await transport.DisposeAsync();
            await probe.DeleteQueueAsync(reply);
            await probe.DeleteQueueAsync(streamTopic + "_fanout");
        }
    }

    [Fact]
    public async Task DefaultOptions_DeclarationsStayOslo14s()
    {
        var topic = TestBroker.Unique("d14");
        await using var capture = await DeclarationCapture.StartAsync();
        await using var transport = await TestBroker.CreateTransportAsync();
        var reply = await transport.Driver.StartReplyConsumerAsync(new CollectingHandler(), CancellationToken.None);
        await using var listener = (RabbitMqListener)await transport.Driver.ListenAsync(new Target(topic, "s1"), new CollectingHandler(), CancellationToken.None);

        AssertQueue(await capture.QueueAsync(reply), durable: false, Args(("x-expires", 1800000L)));
        AssertQueue(await capture.QueueAsync(listener.FanoutQueue!), durable: false, Args(("x-expires", 1800000L)));
        AssertExchange(await capture.ExchangeAsync(topic + "_fanout"), "fanout", durable: false, autoDelete: true);
        Assert.False((await capture.ConsumerAsync(reply)).Exclusive);
        Assert.Empty((await capture.ConsumerAsync(listener.FanoutQueue!)).Arguments);
    }

    internal static Dictionary<string, object?> Args(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static void AssertQueue(DeclarationCapture.Declared queue, bool durable, Dictionary<string, object?> arguments)
    {
        Assert.True(durable == queue.Durable, $"durable: {queue}");
        Assert.False(queue.AutoDelete, queue.ToString());
        Assert.False(queue.Exclusive, queue.ToString());
        Assert.True(arguments.Count == queue.Arguments.Count && arguments.All(a => Equals(Normalize(queue.Arguments).GetValueOrDefault(a.Key), a.Value)), $"expected [{string.Join(", ", arguments)}], declared {queue}");
    }

    private static void AssertExchange(DeclarationCapture.Declared exchange, string type, bool durable, bool autoDelete)
    {
        Assert.Equal(type, exchange.Headers["type"]);
        Assert.True(durable == exchange.Durable && autoDelete == exchange.AutoDelete, exchange.ToString());
    }

    private static Dictionary<string, object?> Normalize(IReadOnlyDictionary<string, object?> arguments) =>
        arguments.ToDictionary(a => a.Key, a => a.Value is int i ? (long)i : a.Value, StringComparer.Ordinal);
}
