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
}
