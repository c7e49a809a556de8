using System.Text.RegularExpressions;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Internal;

public sealed partial class TopologyTests
{
    private static Topology Create(RabbitSettings? settings = null) => new(settings ?? RabbitSettings.Defaults, "nova");

    [GeneratedRegex("^reply_[0-9a-f]{32}$")]
    private static partial Regex ReplyName();

    [GeneratedRegex("^compute_fanout_[0-9a-f]{32}$")]
    private static partial Regex FanoutName();

    [Fact]
    public void Route_EachDestinationKind_MapsLikeOslo()
    {
        var topology = Create();

        Assert.Equal(new Route("nova", "compute", new ExchangeSpec("nova", "topic", false, false)), topology.Route(Destination.ToTopic(null, "compute")));
        Assert.Equal(new Route("other", "compute.h1", new ExchangeSpec("other", "topic", false, false)), topology.Route(Destination.ToServer("other", "compute", "h1")));
        Assert.Equal(new Route("compute_fanout", "", new ExchangeSpec("compute_fanout", "fanout", false, true)), topology.Route(Destination.ToFanout("compute")));
        Assert.Equal(new Route("", "reply_abc", null), topology.Route(Destination.ToReply("reply_abc")));
    }

    [Fact]
    public void TopicQueues_Defaults_AreTransientWithoutArguments()
    {
        var topology = Create();

        var topic = topology.TopicQueue(null, "compute");
        var server = topology.ServerQueue(null, "compute", "h1");

        Assert.Equal(("compute", false, false, "compute", "nova"), (topic.Name, topic.Durable, topic.AutoDelete, topic.BindingKey, topic.Exchange!.Name));
        Assert.Equal(("compute.h1", "compute.h1"), (server.Name, server.BindingKey));
        Assert.Empty(topic.Arguments);
        Assert.Empty(server.Arguments);
    }

    [Fact]
    public void TopicQueues_DurableAndAutoDelete_FollowTheOptions()
    {
        var topology = Create(RabbitSettings.Defaults with { DurableQueues = true, AutoDelete = true });

        var queue = topology.TopicQueue("x", "t");

        Assert.True(queue.Durable);
        Assert.True(queue.AutoDelete);
        Assert.Equal(new ExchangeSpec("x", "topic", true, true), queue.Exchange);
    }

    [Fact]
    public void TopicQueues_Quorum_AreDurableWithQuorumArguments()
    {
        var topology = Create(RabbitSettings.Defaults with { QuorumQueues = true, QuorumDeliveryLimit = 3, QuorumMaxMemoryLength = 0, QuorumMaxMemoryBytes = 1024 });

        var queue = topology.ServerQueue(null, "t", "s");

        Assert.True(queue.Durable);
        Assert.True(queue.Exchange!.Durable);
        Assert.Equal(
            new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 3, ["x-max-in-memory-bytes"] = 1024 },
            queue.Arguments);
    }

    [Fact]
    public void TransientQueues_Quorum_StayClassicWithExpiry()
    {
        var topology = Create(RabbitSettings.Defaults with { QuorumQueues = true, TransientQueuesTtl = TimeSpan.FromSeconds(60) });

        var fanout = topology.FanoutQueue("compute");
        var reply = topology.ReplyQueue();

        foreach (var queue in new[] { fanout, reply })
        {
            Assert.False(queue.Durable);
            Assert.False(queue.AutoDelete);
            Assert.Equal(new Dictionary<string, object?> { ["x-expires"] = 60000 }, queue.Arguments);
        }

        Assert.Matches(FanoutName(), fanout.Name);
        Assert.Equal(new ExchangeSpec("compute_fanout", "fanout", false, true), fanout.Exchange);
        Assert.Equal("compute", fanout.BindingKey);
        Assert.Matches(ReplyName(), reply.Name);
        Assert.Null(reply.Exchange);
    }

    [Fact]
    public void Queues_HaEnabled_CarryHaPolicy()
    {
        var topology = Create(RabbitSettings.Defaults with { HaQueues = true });

        Assert.Equal(new Dictionary<string, object?> { ["x-ha-policy"] = "all" }, topology.TopicQueue(null, "t").Arguments);
        Assert.Equal(new Dictionary<string, object?> { ["x-ha-policy"] = "all", ["x-expires"] = 1800000 }, topology.ReplyQueue().Arguments);
    }

    [Fact]
    public void FanoutQueue_TwoServers_GetDifferentNames()
    {
        var topology = Create();

        Assert.NotEqual(topology.FanoutQueue("t").Name, topology.FanoutQueue("t").Name);
    }

    // The newest oslo's options, against docs/wire-protocol.md, "Newer oslo options" (oslo 18.1.0's declaration matrix).

    [Fact]
    public void TransientQuorumQueue_ReplyAndFanoutDurableQuorumWithExpiry_FanoutExchangeDurableForServerAndCaster()
    {
        var topology = Create(RabbitSettings.Defaults with { TransientQuorumQueues = true, QuorumDeliveryLimit = 5 });
        var expected = new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 5, ["x-expires"] = 1800000 };

        foreach (var queue in new[] { topology.ReplyQueue(), topology.FanoutQueue("compute") })
        {
            Assert.True(queue.Durable);
            Assert.False(queue.AutoDelete);
            Assert.Equal(expected, queue.Arguments);
        }

        Assert.Equal(new ExchangeSpec("compute_fanout", "fanout", true, true), topology.FanoutQueue("compute").Exchange);
        Assert.Equal(new ExchangeSpec("compute_fanout", "fanout", true, true), topology.Route(Destination.ToFanout("compute")).Declare);
        Assert.Empty(topology.TopicQueue(null, "compute").Arguments); // governed by rabbit_quorum_queue only
        Assert.False(topology.TopicQueue(null, "compute").Durable);
    }

    [Fact]
    public void StreamFanout_OneStreamNamedLikeTheExchange_ExactlyTypeAndMaxAge()
    {
        var topology = Create(RabbitSettings.Defaults with { TransientQuorumQueues = true, StreamFanout = true, HaQueues = false, QuorumDeliveryLimit = 5 });

        var fanout = topology.FanoutQueue("compute");

        Assert.Equal("compute_fanout", fanout.Name);
        Assert.True(fanout.Durable);
        Assert.False(fanout.AutoDelete);
        Assert.True(fanout.Stream);
        Assert.Equal(new Dictionary<string, object?> { ["x-queue-type"] = "stream", ["x-max-age"] = "1800s" }, fanout.Arguments);
        Assert.Equal(new ExchangeSpec("compute_fanout", "fanout", true, true), fanout.Exchange);
        Assert.Equal("compute", fanout.BindingKey);
        Assert.Equal("compute_fanout", topology.FanoutQueue("compute").Name); // every server of the topic shares it
        Assert.False(topology.DeletesFanoutQueueOnClose);
    }

    [Fact]
    public void ConsumeArguments_Stream_OffsetReplacesFailoverArgument()
    {
        var stream = Create(RabbitSettings.Defaults with { TransientQuorumQueues = true, StreamFanout = true }).FanoutQueue("t");
        var classic = Create().FanoutQueue("t");

        Assert.Equal(new Dictionary<string, object?> { ["x-stream-offset"] = "next" }, QueueConsumer.ConsumeArguments(stream, cancelOnFailover: true, -1));
        Assert.Equal(new Dictionary<string, object?> { ["x-stream-offset"] = 42L }, QueueConsumer.ConsumeArguments(stream, cancelOnFailover: true, 42));
        Assert.Equal(new Dictionary<string, object?> { ["x-cancel-on-ha-failover"] = true }, QueueConsumer.ConsumeArguments(classic, cancelOnFailover: true, -1));
        Assert.Null(QueueConsumer.ConsumeArguments(classic, cancelOnFailover: false, -1));
    }

    [Fact]
    public void QueueManager_NamesCountPerHostAndProcess_SharedByReplyAndFanout()
    {
        var process = "p" + Guid.NewGuid().ToString("N");
        var settings = RabbitSettings.Defaults with { UseQueueManager = true, Hostname = "node1", ProcessName = process };
        var topology = Create(settings);

        Assert.Equal($"reply_node1:{process}:1", topology.ReplyQueue().Name);
        Assert.Equal($"compute_fanout_node1:{process}:2", topology.FanoutQueue("compute").Name);
        var third = Create(settings).ReplyQueue();
        Assert.Equal($"reply_node1:{process}:3", third.Name); // per process, not per transport
        Assert.Equal($"reply_node1:{process}:4", third.NextName!()); // when :3 is consumed by another connection
        Assert.False(topology.DeletesFanoutQueueOnClose);
        Assert.True(Create().DeletesFanoutQueueOnClose);
        Assert.Null(Create().ReplyQueue().NextName); // uuid names are never claimed
    }

    [Fact]
    public void TransientQueuesTtlZero_NoExpiresAndNoMaxAge()
    {
        var topology = Create(RabbitSettings.Defaults with { TransientQueuesTtl = TimeSpan.Zero });
        var streams = Create(RabbitSettings.Defaults with { TransientQueuesTtl = TimeSpan.Zero, TransientQuorumQueues = true, StreamFanout = true });

        Assert.Empty(topology.ReplyQueue().Arguments);
        Assert.Empty(topology.FanoutQueue("t").Arguments);
        Assert.Equal(new Dictionary<string, object?> { ["x-queue-type"] = "stream" }, streams.FanoutQueue("t").Arguments);
        Assert.Equal(new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, streams.ReplyQueue().Arguments);
    }

    [Fact]
    public void DurableFallback_OnlyTopicQueues_KeepAutoDeleteAndArguments()
    {
        var topology = Create(RabbitSettings.Defaults with { DurableQueues = true, AutoDelete = true, HaQueues = true });

        var fallback = topology.TopicQueue(null, "t").NonDurable();

        Assert.True(topology.TopicQueue(null, "t").DurableFallback);
        Assert.True(topology.ServerQueue(null, "t", "s").DurableFallback);
        Assert.False(topology.FanoutQueue("t").DurableFallback); // oslo's fanout fallback cannot succeed (auto_delete differs)
        Assert.False(topology.ReplyQueue().DurableFallback);
        Assert.False(fallback.Durable);
        Assert.Equal(new ExchangeSpec("nova", "topic", false, true), fallback.Exchange);
        Assert.Equal(new Dictionary<string, object?> { ["x-ha-policy"] = "all" }, fallback.Arguments);
    }
}
