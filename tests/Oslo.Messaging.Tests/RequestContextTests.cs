using System.Text.Json;

namespace Oslo.Messaging.Tests;

public sealed class RequestContextTests
{
    [Fact]
    public void WellKnownKeys_SetAndGet_UseOsloKeyNames()
    {
        var context = new RequestContext { UserId = "u", ProjectId = "p", RequestId = "req-1", GlobalRequestId = "g", Roles = ["admin", "member"] };

        Assert.Equal(["user_id", "project_id", "request_id", "global_request_id", "roles"], context.Keys);
        Assert.Equal(("u", "p", "req-1", "g"), (context.UserId, context.ProjectId, context.RequestId, context.GlobalRequestId));
        Assert.Equal(["admin", "member"], context.Roles);
    }

    [Fact]
    public void Absent_Values_AreNullOrEmpty()
    {
        var context = new RequestContext();

        Assert.Null(context.UserId);
        Assert.Empty(context.Roles);
        Assert.Null(context.ClientTimeout);
        Assert.Null(context.Get<int[]>("nothing"));
        Assert.Empty(context);
    }

    [Fact]
    public void Set_AnyValue_StoredAsJson()
    {
        var context = new RequestContext().Set("n", 3).Set("flag", true).Set<string?>("none", null).Set("obj", new { DisplayName = "x" });

        Assert.Equal(3, context.Get<int>("n"));
        Assert.True(context["flag"].GetBoolean());
        Assert.Equal(JsonValueKind.Null, context["none"].ValueKind);
        Assert.Null(context.GetString("none"));
        Assert.Equal("{\"display_name\":\"x\"}", context["obj"].GetRawText());
        Assert.Null(context.GetString("n")); // not a string
    }

    [Fact]
    public void ClientTimeout_OnlyNumbersCount()
    {
        Assert.Equal(2.5, new RequestContext().Set(RequestContext.ClientTimeoutKey, 2.5).ClientTimeout);
        Assert.Null(new RequestContext().Set(RequestContext.ClientTimeoutKey, "2").ClientTimeout);
        Assert.Null(new RequestContext().Set<object?>(RequestContext.ClientTimeoutKey, null).ClientTimeout);
    }

    [Fact]
    public void Get_WrongType_ThrowsJsonException() =>
        Assert.Throws<JsonException>(() => new RequestContext().Set("n", "text").Get<int>("n"));

    [Fact]
    public void CopyConstructor_CopiesIndependently()
    {
        var original = new RequestContext { UserId = "u" };

        var copy = new RequestContext(original) { UserId = "v" };

        Assert.Equal("u", original.UserId);
        Assert.Equal("v", copy.UserId);
    }

    [Fact]
    public void Remove_Key_IsGone()
    {
        var context = new RequestContext { UserId = "u" };

        Assert.True(context.Remove("user_id"));
        Assert.False(context.ContainsKey("user_id"));
        Assert.False(context.TryGetValue("user_id", out _));
    }

    [Fact]
    public void ToString_IsJsonObject() =>
        Assert.Equal("{\"user\":\"z\\u00F6\",\"roles\":[\"a\"]}", new RequestContext().Set("user", "zö").Set("roles", new[] { "a" }).ToString());
}
