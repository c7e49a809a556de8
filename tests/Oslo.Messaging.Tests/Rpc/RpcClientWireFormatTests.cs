using System.Text.Json;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Rpc;

/// <summary>The exact requests a client writes (docs/wire-protocol.md, "Envelope" and "Request messages"), captured with a recording driver.</summary>
public sealed class RpcClientWireFormatTests : IAsyncLifetime
{
    private const string HexId = "^[0-9a-f]{32}$";
    private readonly RecordingDriver _driver = new();
    private Transport _transport = null!;

    public async Task InitializeAsync() => _transport = await RecordingDriver.CreateTransportAsync(_driver);

    public async Task DisposeAsync() => await _transport.DisposeAsync();

    private static RequestContext SpecContext() =>
        new RequestContext().Set("user", "alice").Set("request_id", "req-1").Set("roles", new[] { "admin" });

    private static Dictionary<string, object?> SpecArgs() => new()
    {
        ["a"] = 1,
        ["b"] = new[] { 1, 2 },
        ["c"] = new Dictionary<string, object?> { ["x"] = null },
        ["s"] = "str",
    };

    private async Task<(SentMessage Request, T Result)> CallAndAnswerAsync<T>(RpcClient client, RequestContext context, string method, object? args, string resultJson)
    {
        var call = client.CallAsync<T>(context, method, args);
        var request = await _driver.NextSentAsync();
        await _driver.ReplyAsync(Replies.Result(request.Message.GetProperty("_msg_id").GetString()!, resultJson));
        return (request, await call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task CallAsync_SpecVectorA_SameFieldsInSameOrder()
    {
        var client = new RpcClient(_transport, new Target("spec_topic", version: "1.1"));
        var expected = OsloWire.Open(System.Text.Encoding.UTF8.GetBytes(SpecVectors.CallRequest));

        var (request, _) = await CallAndAnswerAsync<JsonElement>(client, SpecContext(), "echo", SpecArgs(), "1");

        Assert.Equal(expected.EnumerateObject().Select(p => p.Name), request.Keys);
        Assert.True(JsonElement.DeepEquals(expected.GetProperty("args"), request.Message.GetProperty("args")));
        Assert.Equal("echo", request.Message.GetProperty("method").GetString());
        Assert.Equal("1.1", request.Message.GetProperty("version").GetString());
        Assert.Matches(HexId, request.Message.GetProperty("_msg_id").GetString());
        Assert.Matches(HexId, request.Message.GetProperty("_unique_id").GetString());
        Assert.NotEqual(request.Message.GetProperty("_msg_id").GetString(), request.Message.GetProperty("_unique_id").GetString());
        Assert.Equal(RecordingDriver.ReplyAddress, request.Message.GetProperty("_reply_q").GetString());
        Assert.Equal(JsonValueKind.Null, request.Message.GetProperty("_timeout").ValueKind);
        Assert.Equal(JsonValueKind.Array, request.Message.GetProperty("_context_roles").ValueKind);
    }

    [Fact]
    public async Task CallAsync_Envelope_IsV2WithMessageAsJsonString()
    {
        var client = new RpcClient(_transport, new Target("t"));

        var (request, _) = await CallAndAnswerAsync<int>(client, new RequestContext(), "m", null, "1");

        var outer = JsonElement.Parse(request.Body);
        Assert.Equal(["oslo.version", "oslo.message"], outer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2.0", outer.GetProperty("oslo.version").GetString());
        Assert.Equal(JsonValueKind.String, outer.GetProperty("oslo.message").ValueKind);
        Assert.Equal(JsonValueKind.Object, JsonElement.Parse(outer.GetProperty("oslo.message").GetString()!).ValueKind);
    }

    [Fact]
    public async Task CallAsync_NoNamespaceNoVersionNoContext_MinimalFieldSet()
    {
        var client = new RpcClient(_transport, new Target("t"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });

        var (request, result) = await CallAndAnswerAsync<int>(client, new RequestContext(), "m", null, "7");

        Assert.Equal(7, result);
        Assert.Equal(["method", "args", "_msg_id", "_reply_q", "_timeout", "_unique_id"], request.Keys);
        Assert.Equal(JsonValueKind.Object, request.Message.GetProperty("args").ValueKind);
        Assert.Empty(request.Message.GetProperty("args").EnumerateObject());
        Assert.Equal(Destination.ToTopic(null, "t"), request.Destination);
        // ExpectsReply: a driver may offer its own reply path as well (RabbitMQ direct reply-to); casts never set it.
        // PendingCall: the call's waiter, to which a driver reports a refusal of the request after the send.
        Assert.Equal(new SendOptions(TimeSpan.FromSeconds(30), Mandatory: false, Retry: null) { ExpectsReply = true }, request.Options with { PendingCall = null });
        Assert.True(Assert.IsAssignableFrom<IPendingCall>(request.Options.PendingCall).IsFinished); // the call has ended: never sent again
    }

    [Fact]
    public async Task CallAsync_NamespaceAndVersion_WrittenAfterArgs()
    {
        var client = new RpcClient(_transport, new Target("t", @namespace: "ns", version: "2.1"));

        var (request, _) = await CallAndAnswerAsync<int>(client, new RequestContext { UserId = "u" }, "m", new { x = 1 }, "1");

        Assert.Equal(["method", "args", "namespace", "version", "_msg_id", "_reply_q", "_timeout", "_unique_id", "_context_user_id"], request.Keys);
        Assert.Equal("ns", request.Message.GetProperty("namespace").GetString());
    }

    [Theory]
    [InlineData(2.0, "2")]
    [InlineData(1.5, "1.5")]
    public async Task CallAsync_CallMonitorTimeout_SentAsTimeoutSeconds(double seconds, string expected)
    {
        var client = new RpcClient(_transport, new Target("t"), new RpcClientOptions { CallMonitorTimeout = TimeSpan.FromSeconds(seconds) });

        var (request, _) = await CallAndAnswerAsync<int>(client, new RequestContext(), "m", null, "1");

        Assert.Equal(expected, request.Message.GetProperty("_timeout").GetRawText());
    }

    [Fact]
    public async Task CastAsync_SpecVectorD_SameFieldsInSameOrder()
    {
        var expected = OsloWire.Open(System.Text.Encoding.UTF8.GetBytes(SpecVectors.Cast));

        await new RpcClient(_transport, new Target("spec_topic", version: "1.1")).CastAsync(SpecContext(), "note", new { kind = "cast" });
        var request = await _driver.NextSentAsync();

        Assert.Equal(expected.EnumerateObject().Select(p => p.Name), request.Keys);
        Assert.True(JsonElement.DeepEquals(expected.GetProperty("args"), request.Message.GetProperty("args")));
        Assert.Equal(Destination.ToTopic(null, "spec_topic"), request.Destination);
        Assert.Null(request.Options.TimeToLive);
        Assert.False(request.Options.Mandatory);
    }

    [Fact]
    public async Task CastAsync_FanoutSpecVectorE_SameFieldsFanoutDestination()
    {
        var expected = OsloWire.Open(System.Text.Encoding.UTF8.GetBytes(SpecVectors.FanoutCast));

        await new RpcClient(_transport, new Target("spec_topic", version: "1.1", fanout: true)).CastAsync(SpecContext(), "note", new { kind = "fanout" });
        var request = await _driver.NextSentAsync();

        Assert.Equal(expected.EnumerateObject().Select(p => p.Name), request.Keys);
        Assert.Equal(Destination.ToFanout("spec_topic"), request.Destination);
        Assert.DoesNotContain("_msg_id", request.Keys);
        Assert.Matches(HexId, request.Message.GetProperty("_unique_id").GetString());
    }

    [Fact]
    public async Task CastAsync_ServerAndExchange_DirectedDestination()
    {
        await new RpcClient(_transport, new Target("t", server: "s1", exchange: "nova")).CastAsync(new RequestContext(), "m");

        Assert.Equal(Destination.ToServer("nova", "t", "s1"), (await _driver.NextSentAsync()).Destination);
    }

    [Fact]
    public async Task CallAsync_MonitoredSpecVectorF_SameFieldsInSameOrder()
    {
        var expected = OsloWire.Open(System.Text.Encoding.UTF8.GetBytes(SpecVectors.MonitoredCall));
        var client = new RpcClient(_transport, new Target("spec_topic", version: "1.1"),
            new RpcClientOptions { Timeout = TimeSpan.FromSeconds(20), CallMonitorTimeout = TimeSpan.FromSeconds(2) });

        var (request, _) = await CallAndAnswerAsync<string>(client, SpecContext(), "slow", new { secs = 4 }, "\"ok\"");

        Assert.Equal(expected.EnumerateObject().Select(p => p.Name), request.Keys);
        Assert.Equal(expected.GetProperty("_timeout").GetRawText(), request.Message.GetProperty("_timeout").GetRawText());
        Assert.Equal(TimeSpan.FromSeconds(20), request.Options.TimeToLive);
    }

    [Fact]
    public async Task CallAsync_UniqueAndMessageIds_DifferPerMessage()
    {
        var client = new RpcClient(_transport, new Target("t"));
        var first = (await CallAndAnswerAsync<int>(client, new RequestContext(), "m", null, "1")).Request.Message;
        var second = (await CallAndAnswerAsync<int>(client, new RequestContext(), "m", null, "1")).Request.Message;

        Assert.NotEqual(first.GetProperty("_msg_id").GetString(), second.GetProperty("_msg_id").GetString());
        Assert.NotEqual(first.GetProperty("_unique_id").GetString(), second.GetProperty("_unique_id").GetString());
        Assert.Equal(1, _driver.ReplyConsumerStarts);
    }

    [Fact]
    public async Task CastAsync_ContextValues_FlattenedAsContextPrefixedKeys()
    {
        var context = new RequestContext { UserId = "u1", ProjectId = "p1", Roles = ["a", "b"] }
            .Set("is_admin", true).Set("quota", 3.5).Set("nested", new Dictionary<string, object?> { ["k"] = null });

        await new RpcClient(_transport, new Target("t")).CastAsync(context, "m");
        var message = (await _driver.NextSentAsync()).Message;

        Assert.Equal("u1", message.GetProperty("_context_user_id").GetString());
        Assert.Equal("p1", message.GetProperty("_context_project_id").GetString());
        Assert.Equal("[\"a\",\"b\"]", message.GetProperty("_context_roles").GetRawText());
        Assert.True(message.GetProperty("_context_is_admin").GetBoolean());
        Assert.Equal(3.5, message.GetProperty("_context_quota").GetDouble());
        Assert.Equal("{\"k\":null}", message.GetProperty("_context_nested").GetRawText());
    }

    public static TheoryData<object> ArgumentForms() => new()
    {
        new { InstanceId = 7, DisplayName = "vm" },
        new Dictionary<string, object?> { ["instance_id"] = 7, ["display_name"] = "vm" },
        new Dictionary<string, JsonElement> { ["instance_id"] = JsonElement.Parse("7"), ["display_name"] = JsonElement.Parse("\"vm\"") },
        JsonElement.Parse("{\"instance_id\": 7, \"display_name\": \"vm\"}"),
    };

    [Theory]
    [MemberData(nameof(ArgumentForms))]
    public async Task CastAsync_ArgumentForms_WrittenAsSnakeCaseObject(object args)
    {
        await new RpcClient(_transport, new Target("t")).CastAsync(new RequestContext(), "m", args);

        var written = (await _driver.NextSentAsync()).Message.GetProperty("args");
        Assert.True(JsonElement.DeepEquals(JsonElement.Parse("{\"instance_id\": 7, \"display_name\": \"vm\"}"), written), written.GetRawText());
    }

    public static TheoryData<object> TypedDictionaries() => new()
    {
        new Dictionary<string, string> { ["name"] = "vm", ["flavor"] = "m1" },
        new SortedDictionary<string, object> { ["flavor"] = "m1", ["name"] = "vm" },
    };

    [Theory]
    [MemberData(nameof(TypedDictionaries))]
    public async Task CastAsync_TypedDictionary_KeysBecomeArguments(object args)
    {
        await new RpcClient(_transport, new Target("t")).CastAsync(new RequestContext(), "m", args);

        var written = (await _driver.NextSentAsync()).Message.GetProperty("args");
        Assert.True(JsonElement.DeepEquals(JsonElement.Parse("{\"name\": \"vm\", \"flavor\": \"m1\"}"), written), written.GetRawText());
    }

    public static TheoryData<object> NotNamedArguments() => new()
    {
        "text",
        42,
        new[] { 1, 2 },
        new List<string> { "a" },
        JsonElement.Parse("[1, 2]"),
        JsonElement.Parse("\"s\""),
        new Dictionary<int, string> { [1] = "a" },
    };

    [Theory]
    [MemberData(nameof(NotNamedArguments))]
    public async Task CastAsync_ArgsNotNamed_ThrowsArgumentExceptionAndSendsNothing(object args)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new RpcClient(_transport, new Target("t")).CastAsync(new RequestContext(), "m", args));

        Assert.Equal("args", error.ParamName);
        Assert.False(_driver.TryTakeSent(out _));
    }
}
