using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Rpc;

/// <summary>Client rules: validation, version cap, prepare, reply handling, timeouts and cancellation.</summary>
public sealed class RpcClientTests : IAsyncLifetime
{
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(10);
    private readonly RecordingDriver _driver = new();
    private readonly ManualTimeProvider _time = new();
    private readonly TransportOptions _options;
    private Transport _transport = null!;

    public RpcClientTests()
    {
        _options = new TransportOptions { TimeProvider = _time };
    }

    public async Task InitializeAsync() => _transport = await RecordingDriver.CreateTransportAsync(_driver, _options);

    public async Task DisposeAsync() => await _transport.DisposeAsync();

    private RpcClient Client(Target? target = null, RpcClientOptions? options = null) => new(_transport, target ?? new Target("t"), options);

    private async Task<string> NextMsgIdAsync() => (await _driver.NextSentAsync()).Message.GetProperty("_msg_id").GetString()!;

    [Fact]
    public async Task CallAsync_Fanout_ThrowsInvalidTargetAndSendsNothing()
    {
        var error = await Assert.ThrowsAsync<InvalidTargetException>(() => Client(new Target("t", fanout: true)).CallAsync(new RequestContext(), "m"));

        Assert.Equal("A call cannot be used with fanout", error.Reason);
        Assert.False(_driver.TryTakeSent(out _));
    }

    [Fact]
    public async Task CastAsync_NoTopic_ThrowsInvalidTarget()
    {
        var error = await Assert.ThrowsAsync<InvalidTargetException>(() => Client(new Target(server: "s")).CastAsync(new RequestContext(), "m"));

        Assert.Equal("A topic is required to send:<Target server=s>", error.Message);
    }

    [Fact]
    public async Task CastAsync_EmptyMethod_ThrowsArgumentException() =>
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Client().CastAsync(new RequestContext(), ""));

    [Theory]
    [InlineData("1.2", true)]
    [InlineData("1.3", false)]
    [InlineData("2.0", false)]
    [InlineData("1.0", true)]
    [InlineData("1.2.5", false)] // same minor, higher revision than the cap
    [InlineData("1.1.5", true)]
    public void CanSendVersion_Cap12_MatchesOslo(string version, bool expected) =>
        Assert.Equal(expected, Client(options: new RpcClientOptions { VersionCap = "1.2" }).CanSendVersion(version));

    [Fact]
    public void CanSendVersion_NoCap_AlwaysTrue()
    {
        Assert.True(Client().CanSendVersion("9.9"));
        Assert.True(Client().CanSendVersion());
    }

    [Fact]
    public void CanSendVersion_NoArgument_UsesTargetVersion()
    {
        var client = Client(new Target("t", version: "1.3"), new RpcClientOptions { VersionCap = "1.2" });

        Assert.False(client.CanSendVersion());
        Assert.True(client.Prepare(version: "1.1").CanSendVersion());
    }

    [Fact]
    public async Task CallAsync_VersionAboveCap_ThrowsVersionCapAndSendsNothing()
    {
        var client = Client(new Target("t", version: "1.3"), new RpcClientOptions { VersionCap = "1.2" });

        var error = await Assert.ThrowsAsync<RpcVersionCapException>(() => client.CallAsync(new RequestContext(), "m"));
        await Assert.ThrowsAsync<RpcVersionCapException>(() => client.CastAsync(new RequestContext(), "m"));

        Assert.Equal(("1.3", "1.2"), (error.Version, error.VersionCap));
        Assert.Contains("1.3", error.Message, StringComparison.Ordinal);
        Assert.False(_driver.TryTakeSent(out _));
    }

    [Fact]
    public async Task CastAsync_CapWithoutTargetVersion_ThrowsVersionCap()
    {
        var error = await Assert.ThrowsAsync<RpcVersionCapException>(() => Client(options: new RpcClientOptions { VersionCap = "1.2" }).CastAsync(new RequestContext(), "m"));

        Assert.Null(error.Version);
        Assert.Contains("None", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CastAsync_VersionWithinCap_IsSent()
    {
        await Client(new Target("t", version: "1.1"), new RpcClientOptions { VersionCap = "1.2" }).CastAsync(new RequestContext(), "m");

        Assert.Equal("1.1", (await _driver.NextSentAsync()).Message.GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1")]
    [InlineData("1.x")]
    [InlineData("")]
    public void Prepare_BadVersion_ThrowsMajorMinorMessage(string version)
    {
        var error = Assert.Throws<MessagingException>(() => Client().Prepare(version: version));

        Assert.Equal("Version must contain a major and minor integer", error.Message);
    }

    [Fact]
    public async Task Prepare_Overrides_ApplyAndRestAreInherited()
    {
        var original = Client(new Target("t", @namespace: "ns", version: "1.0", exchange: "x"),
            new RpcClientOptions { Timeout = TimeSpan.FromSeconds(5), VersionCap = "2.5", CallMonitorTimeout = TimeSpan.FromSeconds(4) });

        var prepared = original.Prepare(topic: "t2", version: "2.1", server: "s9", timeout: TimeSpan.FromSeconds(9));
        await prepared.CastAsync(new RequestContext(), "m");
        var sent = await _driver.NextSentAsync();

        Assert.Equal(new Target("t2", "s9", "ns", "2.1", "x"), prepared.Target);
        Assert.Equal(TimeSpan.FromSeconds(9), prepared.Timeout);
        Assert.True(prepared.CanSendVersion("2.5"));
        Assert.False(prepared.CanSendVersion("2.6"));
        Assert.Equal(new Target("t", @namespace: "ns", version: "1.0", exchange: "x"), original.Target);
        Assert.Equal(TimeSpan.FromSeconds(5), original.Timeout);
        Assert.Equal(Destination.ToServer("x", "t2", "s9"), sent.Destination);
    }

    [Fact]
    public async Task Prepare_CallMonitorAndCap_Override()
    {
        var prepared = Client().Prepare(callMonitorTimeout: TimeSpan.FromSeconds(6), versionCap: "3.0", version: "3.0");

        var call = prepared.CallAsync(new RequestContext(), "m");
        var request = await _driver.NextSentAsync();
        await _driver.ReplyAsync(Replies.Result(request.Message.GetProperty("_msg_id").GetString()!, "1"));
        await call.WaitAsync(_bound);

        Assert.Equal(6, request.Message.GetProperty("_timeout").GetInt32());
        Assert.False(prepared.CanSendVersion("3.1"));
    }

    [Fact]
    public async Task Prepare_RetryAndAtLeastOnce_ReachTheDriver()
    {
        await Client().Prepare(retry: 3, atLeastOnce: true).CastAsync(new RequestContext(), "m");
        await Client(options: new RpcClientOptions { Retry = 0 }).CastAsync(new RequestContext(), "m");

        Assert.Equal(new SendOptions(null, Mandatory: true, Retry: 3), (await _driver.NextSentAsync()).Options);
        Assert.Equal(new SendOptions(null, Mandatory: false, Retry: 0), (await _driver.NextSentAsync()).Options);
    }

    [Fact]
    public void Constructor_NonPositiveTimeouts_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Client(options: new RpcClientOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client(options: new RpcClientOptions { CallMonitorTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client().Prepare(timeout: TimeSpan.FromSeconds(-3)));
    }

    [Fact]
    public async Task CallAsync_ReplyForUnknownMessageId_IgnoredUntilOwnReply()
    {
        var call = Client().CallAsync<string>(new RequestContext(), "m");
        var msgId = await NextMsgIdAsync();

        await _driver.ReplyAsync(Replies.Result("ffffffffffffffffffffffffffffffff", "\"someone else's\""));
        await _driver.ReplyAsync(Replies.Heartbeat("ffffffffffffffffffffffffffffffff"));
        Assert.False(call.IsCompleted);
        await _driver.ReplyAsync(Replies.Result(msgId, "\"mine\""));

        Assert.Equal("mine", await call.WaitAsync(_bound));
    }

    [Fact]
    public async Task CallAsync_TwoMessageReply_ReturnsTheDataOfTheFirst()
    {
        var call = Client().CallAsync<int>(new RequestContext(), "m");
        var msgId = await NextMsgIdAsync();

        await _driver.ReplyAsync(Replies.Result(msgId, "41", ending: false));
        await _driver.ReplyAsync(Replies.Result(msgId, "null"));

        Assert.Equal(41, await call.WaitAsync(_bound));
    }

    [Fact]
    public async Task CallAsync_EnvelopeLessReplyWithNullResult_ReturnsNull()
    {
        var call = Client().CallAsync(new RequestContext(), "m");
        var msgId = await NextMsgIdAsync();

        await _driver.ReplyAsync($"{{\"result\": null, \"failure\": null, \"ending\": true, \"_msg_id\": \"{msgId}\"}}");

        Assert.Equal(JsonValueKind.Null, (await call.WaitAsync(_bound)).ValueKind);
    }

    [Fact]
    public async Task CallAsync_ReplyWithoutResultKey_ReturnsNull()
    {
        var client = Client();
        var typed = client.CallAsync<string>(new RequestContext(), "m");
        await _driver.ReplyAsync($"{{\"failure\": null, \"ending\": true, \"_msg_id\": \"{await NextMsgIdAsync()}\"}}");
        var raw = client.CallAsync(new RequestContext(), "m");
        await _driver.ReplyAsync($"{{\"failure\": null, \"ending\": true, \"_msg_id\": \"{await NextMsgIdAsync()}\"}}");

        Assert.Null(await typed.WaitAsync(_bound));
        Assert.Equal(JsonValueKind.Null, (await raw.WaitAsync(_bound)).ValueKind);
    }

    [Fact]
    public async Task CallAsync_MalformedReply_DroppedCallStillAnswered()
    {
        var call = Client().CallAsync<int>(new RequestContext(), "m");
        var msgId = await NextMsgIdAsync();

        await _driver.ReplyAsync("not json");
        await _driver.ReplyAsync("{\"oslo.version\": \"9.0\", \"oslo.message\": \"{}\"}");
        await _driver.ReplyAsync("{\"result\": 1}");
        await _driver.ReplyAsync(Replies.Result(msgId, "5"));

        Assert.Equal(5, await call.WaitAsync(_bound));
    }

    [Fact]
    public async Task CallAsync_FailureReply_RemoteErrorOrRegisteredType()
    {
        _transport.RemoteExceptions.Register(f => new ConformanceException(f.Message));
        var client = Client();

        var remote = client.CallAsync(new RequestContext(), "m");
        await _driver.ReplyAsync(Replies.Failure(await NextMsgIdAsync(), """{"class": "ValueError", "module": "builtins", "message": "bad"}"""));
        var allowed = client.CallAsync(new RequestContext(), "m");
        await _driver.ReplyAsync(Replies.Failure(await NextMsgIdAsync(), """{"class": "ConformanceException", "module": "Oslo.Messaging.Testing", "message": "mine"}"""));

        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => remote.WaitAsync(_bound));
        Assert.Equal(("ValueError", "bad"), (error.ExcType, error.Value));
        Assert.Equal("mine", (await Assert.ThrowsAsync<ConformanceException>(() => allowed.WaitAsync(_bound))).Message);
    }

    [Fact]
    public async Task CallAsync_NoReply_TimesOutAtTheDeadline()
    {
        var call = Client(options: new RpcClientOptions { Timeout = TimeSpan.FromSeconds(30) }).CallAsync(new RequestContext(), "m");
        var msgId = await NextMsgIdAsync();

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<MessagingTimeoutException>(() => call.WaitAsync(_bound));
        Assert.Equal(msgId, error.MessageId);
        Assert.StartsWith($"Timed out waiting for a reply to message ID {msgId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_HeartbeatsWithinMonitorWindow_KeepCallAliveUntilReply()
    {
        var client = Client(options: new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60), CallMonitorTimeout = TimeSpan.FromSeconds(10) });
        var call = client.CallAsync<string>(new RequestContext(), "m");
        var msgId = await NextMsgIdAsync();

        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(8));
            await _driver.ReplyAsync(Replies.Heartbeat(msgId));
        }

        await _driver.ReplyAsync(Replies.Result(msgId, "\"late but alive\""));
        Assert.Equal("late but alive", await call.WaitAsync(_bound));
    }

    [Fact]
    public async Task CallAsync_NoHeartbeatWithinMonitorWindow_TimesOutEarly()
    {
        var client = Client(options: new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60), CallMonitorTimeout = TimeSpan.FromSeconds(10) });
        var call = client.CallAsync<string>(new RequestContext(), "m");
        var msgId = await NextMsgIdAsync();
        _time.Advance(TimeSpan.FromSeconds(8));
        await _driver.ReplyAsync(Replies.Heartbeat(msgId));

        _time.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<MessagingTimeoutException>(() => call.WaitAsync(_bound));
        Assert.Contains("no heartbeat within the call monitor timeout of 10 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_HeartbeatsForever_OverallTimeoutStillCaps()
    {
        var client = Client(options: new RpcClientOptions { Timeout = TimeSpan.FromSeconds(20), CallMonitorTimeout = TimeSpan.FromSeconds(10) });
        var call = client.CallAsync<string>(new RequestContext(), "m");
        var msgId = await NextMsgIdAsync();

        for (var i = 0; i < 5 && !call.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await _driver.ReplyAsync(Replies.Heartbeat(msgId));
        }

        var error = await Assert.ThrowsAsync<MessagingTimeoutException>(() => call.WaitAsync(_bound));
        Assert.Contains("(timeout 20 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_SendNeverCompletes_FailsWithDeliveryFailureAtTimeout()
    {
        var sending = new TaskCompletionSource();
        _driver.OnSend = async (_, token) =>
        {
            sending.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
        };

        var call = Client(options: new RpcClientOptions { Timeout = TimeSpan.FromSeconds(5) }).CallAsync(new RequestContext(), "m");
        await sending.Task.WaitAsync(_bound);
        _time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => call.WaitAsync(_bound));
        Assert.Contains("within 5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_CancelledWhileSending_ThrowsOperationCanceled()
    {
        var sending = new TaskCompletionSource();
        using var cancel = new CancellationTokenSource();
        _driver.OnSend = async (_, token) =>
        {
            sending.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
        };

        var call = Client().CallAsync(new RequestContext(), "m", cancellationToken: cancel.Token);
        await sending.Task.WaitAsync(_bound);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(_bound));
    }

    [Fact]
    public async Task CallAsync_SendFails_ErrorSurfacesToCaller()
    {
        _driver.OnSend = (_, _) => throw new MessageDeliveryFailureException("broker gone");

        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => Client().CallAsync(new RequestContext(), "m"));

        Assert.Equal("broker gone", error.Message);
    }

    [Fact]
    public async Task CallAsync_TransportDisposedWhileWaiting_FailsWithDeliveryFailure()
    {
        var call = Client().CallAsync(new RequestContext(), "m");
        await NextMsgIdAsync();

        await _transport.DisposeAsync();

        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => call.WaitAsync(_bound));
        Assert.Contains("disposed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serializer_ClientHooks_EntitiesThenContextThenResult()
    {
        var serializer = new RecordingSerializer();
        var client = Client(options: new RpcClientOptions { Serializer = serializer });

        var call = client.CallAsync<int>(new RequestContext(), "m", new { a = 1, b = 2 });
        var request = await _driver.NextSentAsync();
        await _driver.ReplyAsync(Replies.Result(request.Message.GetProperty("_msg_id").GetString()!, "3"));

        Assert.Equal(3, await call.WaitAsync(_bound));
        Assert.Equal(["SerializeEntity(1)", "SerializeEntity(2)", "SerializeContext", "DeserializeEntity(3)"], serializer.Calls);
        Assert.True(request.Message.GetProperty("_context_serialized").GetBoolean());
    }
}
