using System.Text.Json;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Tests.Notify;

public sealed class NotificationFilterTests
{
    private static readonly NotificationMetadata Metadata = new("9c867db2-256b-4b70-9d1a-6f430d91a7e1", "2026-11-21 04:45:40.762116");

    private static bool Matches(NotificationFilter filter, string? publisher = "compute.host1", string? eventType = "compute.instance.create.end",
        string payload = """{"state": "active", "size": 3}""", RequestContext? context = null) =>
        filter.Matches(context ?? new RequestContext { UserId = "alice" }, publisher, eventType, Metadata, JsonElement.Parse(payload));

    [Fact]
    public void Matches_NoExpression_MatchesEverything() => Assert.True(Matches(new NotificationFilter()));

    [Theory]
    [InlineData("compute", true)] // from the start, like re.match
    [InlineData("instance", false)] // not a search
    [InlineData(@"compute\.instance\.create\.end$", true)]
    [InlineData("compute|network", true)] // alternation stays anchored
    [InlineData("network|instance", false)]
    public void Matches_EventType_AnchoredAtStartOnly(string pattern, bool expected) =>
        Assert.Equal(expected, Matches(new NotificationFilter(eventType: pattern)));

    [Fact]
    public void Matches_NullPublisherOrEventType_DoesNotMatchAnExpression()
    {
        Assert.False(Matches(new NotificationFilter(publisherId: ".*"), publisher: null));
        Assert.False(Matches(new NotificationFilter(eventType: ".*"), eventType: null));
    }

    [Fact]
    public void Matches_Dictionaries_EveryKeyPresentAndAMatchingString()
    {
        Assert.True(Matches(new NotificationFilter(payload: new Dictionary<string, string> { ["state"] = "act" })));
        Assert.False(Matches(new NotificationFilter(payload: new Dictionary<string, string> { ["size"] = "3" }))); // a number
        Assert.False(Matches(new NotificationFilter(payload: new Dictionary<string, string> { ["missing"] = ".*" })));
        Assert.False(Matches(new NotificationFilter(payload: new Dictionary<string, string> { ["state"] = "act" }), payload: "[1]"));
        Assert.True(Matches(new NotificationFilter(context: new Dictionary<string, string> { ["user_id"] = "ali" })));
        Assert.False(Matches(new NotificationFilter(context: new Dictionary<string, string> { ["project_id"] = ".*" })));
        Assert.True(Matches(new NotificationFilter(metadata: new Dictionary<string, string> { ["timestamp"] = "2026-11", ["message_id"] = "9c86" })));
        Assert.False(Matches(new NotificationFilter(metadata: new Dictionary<string, string> { ["timestamp"] = "2025" })));
    }

    [Fact]
    public void Constructor_InvalidExpression_Throws() =>
        Assert.ThrowsAny<ArgumentException>(() => new NotificationFilter(eventType: "compute.("));
}
