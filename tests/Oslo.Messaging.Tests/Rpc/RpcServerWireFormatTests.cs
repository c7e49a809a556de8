using System.Text.Json;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Rpc;

/// <summary>The exact replies a server writes (docs/wire-protocol.md, "Reply messages"), captured with a recording driver.</summary>
public sealed class RpcServerWireFormatTests : IAsyncLifetime
{
    private const string HexId = "^[0-9a-f]{32}$";
    private static readonly string[] _replyKeys = ["result", "failure", "ending", "_msg_id", "_unique_id"];
    private readonly RecordingDriver _driver = new();
    private readonly CapturingLoggerFactory _logs = new();
    private readonly SpecEndpoint _endpoint = new();
    private Transport _transport = null!;
    private RpcServer _server = null!;

    [RpcEndpoint(Version = "1.1")]
    public sealed class SpecEndpoint
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Notes { get; private set; }

        public object Echo(RequestContext context, int a, int[] b, JsonElement c, string s) =>
            new { Ctxt = context.ToDictionary(kv => kv.Key, kv => kv.Value), Kw = new { a, b, c, s } };

        public async Task<string> HoldAsync(RequestContext context)
        {
            await Gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return "released";
        }

        public void Note(RequestContext context) => Notes++;

        public object Cyclic(RequestContext context)
        {
            var node = new Dictionary<string, object?>();
            node["self"] = node;
            return node;
        }
    }

    public async Task InitializeAsync()
    {
        _transport = await RecordingDriver.CreateTransportAsync(_driver, new TransportOptions { LoggerFactory = _logs });
        _server = new RpcServer(_transport, new Target("spec_topic", "s1"), [_endpoint], new RpcServerOptions { Executor = RpcExecutor.Blocking });
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _endpoint.Gate.TrySetResult();
        await _server.DisposeAsync();
        await _transport.DisposeAsync();
    }

    private static string Call(string method, string args = "{}", string timeout = "null", string msgId = "0123456789abcdef0123456789abcdef") =>
        Replies.Envelope($"{{\"method\": \"{method}\", \"args\": {args}, \"_msg_id\": \"{msgId}\", \"_reply_q\": \"reply_abc\", \"_timeout\": {timeout}, \"_unique_id\": \"{Guid.NewGuid():N}\"}}");

    [Fact]
    public async Task Reply_SpecVectorA_ResultMatchesSpecVectorB()
    {
        var expected = OsloWire.Open(System.Text.Encoding.UTF8.GetBytes(SpecVectors.SuccessReply));

        await _driver.DeliverAsync(SpecVectors.CallRequest);
        var reply = await _driver.NextSentAsync();

        Assert.Equal(_replyKeys, reply.Keys);
        Assert.True(JsonElement.DeepEquals(expected.GetProperty("result"), reply.Message.GetProperty("result")), reply.Message.GetRawText());
        Assert.Equal("3950285df9304fa0bcf263ef91c25737", reply.Message.GetProperty("_msg_id").GetString());
        Assert.Matches(HexId, reply.Message.GetProperty("_unique_id").GetString());
        Assert.NotEqual("3424ddde81d04384add0844a1caace77", reply.Message.GetProperty("_unique_id").GetString());
        Assert.Equal(JsonValueKind.Null, reply.Message.GetProperty("failure").ValueKind);
        Assert.True(reply.Message.GetProperty("ending").GetBoolean());
        Assert.Equal(Destination.ToReply("reply_9eee15414b694af8aa88826ff7b0e9ba"), reply.Destination);
        Assert.True(reply.Options.Mandatory);
        Assert.Null(reply.Options.TimeToLive);
    }

    [Fact]
    public async Task Reply_Failure_SameFieldsWithFailureAsJsonString()
    {
        await _driver.DeliverAsync(Call("no_such"));
        var reply = await _driver.NextSentAsync();

        Assert.Equal(_replyKeys, reply.Keys);
        Assert.Equal(JsonValueKind.Null, reply.Message.GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.String, reply.Message.GetProperty("failure").ValueKind);
        var failure = JsonElement.Parse(reply.Message.GetProperty("failure").GetString()!);
        Assert.Equal("NoSuchMethod", failure.GetProperty("class").GetString());
        Assert.Equal("oslo_messaging.rpc.dispatcher", failure.GetProperty("module").GetString());
        Assert.Equal("Endpoint does not support RPC method no_such", failure.GetProperty("message").GetString());
        Assert.True(reply.Message.GetProperty("ending").GetBoolean());
    }

    [Fact]
    public async Task Reply_BadArguments_TypeErrorFailure()
    {
        await _driver.DeliverAsync(Call("echo", "{\"a\": 1}"));
        var failure = JsonElement.Parse((await _driver.NextSentAsync()).Message.GetProperty("failure").GetString()!);

        Assert.Equal(("TypeError", "builtins"), (failure.GetProperty("class").GetString(), failure.GetProperty("module").GetString()));
        Assert.Equal("echo() missing 1 required positional argument: 'b'", failure.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Reply_ResultNotSerializable_FailureReplyAndErrorLog()
    {
        await _driver.DeliverAsync(Call("cyclic"));
        var reply = await _driver.NextSentAsync();

        Assert.Equal(_replyKeys, reply.Keys);
        Assert.Equal(JsonValueKind.String, reply.Message.GetProperty("failure").ValueKind);
        Assert.Contains(_logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("cyclic", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cast_NoReplySent()
    {
        await _driver.DeliverAsync(Replies.Envelope("{\"method\": \"note\", \"args\": {}, \"_unique_id\": \"" + Guid.NewGuid().ToString("N") + "\"}"));
        await _driver.DeliverAsync(Call("no_such"));

        // The blocking executor runs in order: the first message sent is the call's reply; the cast sent nothing.
        var first = await _driver.NextSentAsync();
        Assert.Equal("0123456789abcdef0123456789abcdef", first.Message.GetProperty("_msg_id").GetString());
        Assert.Equal(1, _endpoint.Notes);
        Assert.False(_driver.TryTakeSent(out _));
    }

    [Fact]
    public async Task Heartbeat_MonitoredCall_NullResultNotEndingThenFinalReply()
    {
        var heartbeatSeen = _driver.NextSentAsync(TimeSpan.FromSeconds(10));
        await _driver.DeliverAsync(Call("hold", timeout: "2"));

        var heartbeat = await heartbeatSeen;
        _endpoint.Gate.TrySetResult();
        SentMessage final;
        do
        {
            final = await _driver.NextSentAsync();
        }
        while (!final.Message.GetProperty("ending").GetBoolean());

        Assert.Equal(_replyKeys, heartbeat.Keys);
        Assert.Equal(JsonValueKind.Null, heartbeat.Message.GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Null, heartbeat.Message.GetProperty("failure").ValueKind);
        Assert.False(heartbeat.Message.GetProperty("ending").GetBoolean());
        Assert.Equal("0123456789abcdef0123456789abcdef", heartbeat.Message.GetProperty("_msg_id").GetString());
        Assert.Equal(Destination.ToReply("reply_abc"), heartbeat.Destination);
        Assert.Equal("released", final.Message.GetProperty("result").GetString());
        Assert.False(_driver.TryTakeSent(out _), "a heartbeat followed the final reply");
    }

    [Fact]
    public async Task Context_ReceivedByEndpoint_HasClientTimeoutFromRequest()
    {
        await _driver.DeliverAsync(Call("echo", "{\"a\": 1, \"b\": [], \"c\": null, \"s\": \"\"}", timeout: "7"));
        var ctxt = (await _driver.NextSentAsync()).Message.GetProperty("result").GetProperty("ctxt");

        Assert.Equal(7, ctxt.GetProperty("client_timeout").GetInt32());
    }
}
