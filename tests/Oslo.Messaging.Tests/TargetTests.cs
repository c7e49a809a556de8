using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Tests;

public sealed class TargetTests
{
    [Fact]
    public void ValidateForSend_NoTopic_ThrowsTopicRequired()
    {
        var error = Assert.Throws<InvalidTargetException>(() => new Target(server: "s1").ValidateForSend(isCall: false));

        Assert.Equal("A topic is required to send", error.Reason);
        Assert.Equal("A topic is required to send:<Target server=s1>", error.Message);
        Assert.Equal(new Target(server: "s1"), error.Target);
    }

    [Fact]
    public void ValidateForSend_EmptyTopic_ThrowsTopicRequired()
    {
        var error = Assert.Throws<InvalidTargetException>(() => new Target("").ValidateForSend(isCall: true));

        Assert.Equal("A topic is required to send:<Target >", error.Message);
    }

    [Fact]
    public void ValidateForSend_CallWithFanout_ThrowsCallCannotFanout()
    {
        var error = Assert.Throws<InvalidTargetException>(() => new Target("t", fanout: true).ValidateForSend(isCall: true));

        Assert.Equal("A call cannot be used with fanout:<Target topic=t, fanout=True>", error.Message);
    }

    [Fact]
    public void ValidateForSend_CastWithFanout_IsValid()
    {
        new Target("t", fanout: true).ValidateForSend(isCall: false);
        new Target("t", server: "s").ValidateForSend(isCall: true);
    }

    [Theory]
    [InlineData(null, "s1", "<Target server=s1>")]
    [InlineData("t", null, "<Target topic=t>")]
    [InlineData("t", "", "<Target topic=t>")]
    [InlineData("", "s1", "<Target server=s1>")]
    public void ValidateForServer_MissingTopicOrServer_ThrowsWithOsloMessage(string? topic, string? server, string repr)
    {
        var error = Assert.Throws<InvalidTargetException>(() => new Target(topic, server).ValidateForServer());

        Assert.Equal("A server's target must have topic and server names specified:" + repr, error.Message);
    }

    [Fact]
    public void ValidateForServer_TopicAndServer_IsValid() => new Target("t", "s").ValidateForServer();

    [Fact]
    public void ToString_AllFields_ListsThemInOsloOrder()
    {
        var target = new Target("t", "s", "ns", "1.2", "x", fanout: true, legacyNamespaces: ["old"]);

        Assert.Equal("<Target exchange=x, topic=t, namespace=ns, version=1.2, server=s, fanout=True>", target.ToString());
    }

    [Fact]
    public void ToString_Empty_IsBareTarget() => Assert.Equal("<Target >", new Target().ToString());

    [Fact]
    public void With_Overrides_ReplacesOnlyGivenFields()
    {
        var target = new Target("t", "s", "ns", "1.2", "x");

        var copy = target.With(topic: "t2", version: "1.3", fanout: true);

        Assert.Equal(new Target("t2", "s", "ns", "1.3", "x", fanout: true), copy);
        Assert.Equal("t", target.Topic);
    }

    [Fact]
    public void With_LegacyNamespaces_AreDropped()
    {
        var target = new Target("t", @namespace: "ns", legacyNamespaces: ["old"]);

        var copy = target.With();

        Assert.Empty(copy.LegacyNamespaces);
        Assert.True(target.AcceptsNamespace("old"));
        Assert.False(copy.AcceptsNamespace("old"));
        Assert.NotEqual(target, copy);
    }

    [Fact]
    public void Equals_SameFields_AreEqualWithSameHash()
    {
        var a = new Target("t", "s", "ns", "1.0", "x", legacyNamespaces: ["l1", "l2"]);
        var b = new Target("t", "s", "ns", "1.0", "x", legacyNamespaces: ["l1", "l2"]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a == b);
    }

    [Theory]
    [InlineData("topic")]
    [InlineData("server")]
    [InlineData("namespace")]
    [InlineData("version")]
    [InlineData("exchange")]
    [InlineData("fanout")]
    [InlineData("legacy")]
    public void Equals_OneFieldDiffers_NotEqual(string field)
    {
        var a = new Target("t", "s", "ns", "1.0", "x", legacyNamespaces: ["l1"]);
        var b = field switch
        {
            "topic" => a with { Topic = "t2" },
            "server" => a with { Server = "s2" },
            "namespace" => a with { Namespace = null },
            "version" => a with { Version = "1.1" },
            "exchange" => a with { Exchange = "y" },
            "fanout" => a with { Fanout = true },
            _ => a with { LegacyNamespaces = ["l2"] },
        };

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void AcceptsNamespace_NullNamespace_MatchesOnlyNull()
    {
        var target = new Target(legacyNamespaces: ["legacy"]);

        Assert.True(target.AcceptsNamespace(null));
        Assert.True(target.AcceptsNamespace("legacy"));
        Assert.False(target.AcceptsNamespace(""));
        Assert.False(target.AcceptsNamespace("other"));
        Assert.False(new Target(@namespace: "ns").AcceptsNamespace(null));
    }
}
