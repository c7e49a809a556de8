using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Rpc;

/// <summary>Server rules: lifecycle bookkeeping, serializer order, logging, bad input, on a recording driver.</summary>
public sealed class RpcServerTests : IAsyncLifetime
{
    private readonly RecordingDriver _driver = new();
    private readonly CapturingLoggerFactory _logs = new();
    private Transport _transport = null!;

    public sealed class Calculator
    {
        public int Add(RequestContext context, int a, int b) => a + b;
    }

    public async Task InitializeAsync() => _transport = await RecordingDriver.CreateTransportAsync(_driver, new TransportOptions { LoggerFactory = _logs });

    public async Task DisposeAsync() => await _transport.DisposeAsync();

    private RpcServer Server(RpcServerOptions? options = null) =>
        new(_transport, new Target("t", "s1"), [new Calculator()], options ?? new RpcServerOptions { Executor = RpcExecutor.Blocking });

    private static string Call(string method, string args, string msgId = "0123456789abcdef0123456789abcdef") =>
        Replies.Envelope($"{{\"method\": \"{method}\", \"args\": {args}, \"_msg_id\": \"{msgId}\", \"_reply_q\": \"reply_abc\", \"_timeout\": null}}");

    [Fact]
    public void Constructor_TargetWithoutServer_ThrowsInvalidTarget()
    {
        var error = Assert.Throws<InvalidTargetException>(() => new RpcServer(_transport, new Target("t"), [new Calculator()]));

        Assert.Equal("A server's target must have topic and server names specified:<Target topic=t>", error.Message);
    }

    [Fact]
    public async Task StartAsync_Twice_ListensOnce()
    {
        await using var server = Server();

        await server.StartAsync();
        await server.StartAsync();

        Assert.Equal(1, _driver.Listens);
        Assert.True(server.IsRunning);
    }

    [Fact]
    public async Task WaitAsync_BeforeStart_ReturnsAtOnce()
    {
        await using var server = Server();

        Assert.True(server.WaitAsync().IsCompletedSuccessfully);
        await server.StopAsync();
        Assert.Equal(0, _driver.ListenersStopped);
    }

    [Fact]
    public async Task StopThenWait_StopsThenDisposesListener()
    {
        var server = Server();
        await server.StartAsync();

        await server.StopAsync();
        Assert.Equal((1, 0), (_driver.ListenersStopped, _driver.ListenersDisposed));
        Assert.False(server.IsRunning);
        await server.StopAsync();
        await server.WaitAsync();

        Assert.Equal((1, 1), (_driver.ListenersStopped, _driver.ListenersDisposed));
    }

    [Fact]
    public async Task StartAsync_AfterStopWithoutWait_FinishesPreviousRunFirst()
    {
        await using var server = Server();
        await server.StartAsync();
        await server.StopAsync();

        await server.StartAsync();

        Assert.Equal(2, _driver.Listens);
        Assert.Equal(1, _driver.ListenersDisposed);
        Assert.True(server.IsRunning);
        await _driver.DeliverAsync(Call("add", "{\"a\": 1, \"b\": 2}"));
        Assert.Equal(3, (await _driver.NextSentAsync()).Message.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task DisposeAsync_Running_StopsAndWaits()
    {
        var server = Server();
        await server.StartAsync();

        await server.DisposeAsync();

        Assert.False(server.IsRunning);
        Assert.Equal(1, _driver.ListenersDisposed);
    }

    [Fact]
    public async Task StartAsync_DriverFails_ThrowsServerListenException()
    {
        _driver.ListenFailure = new InvalidOperationException("PRECONDITION_FAILED");
        await using var server = Server();

        var error = await Assert.ThrowsAsync<ServerListenException>(() => server.StartAsync());

        Assert.Equal(new Target("t", "s1"), error.Target);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("PRECONDITION_FAILED", error.Message, StringComparison.Ordinal);
        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task Serializer_ServerHooks_ContextFirstThenEntitiesThenResult()
    {
        var serializer = new RecordingSerializer();
        await using var server = Server(new RpcServerOptions { Executor = RpcExecutor.Blocking, Serializer = serializer });
        await server.StartAsync();

        await _driver.DeliverAsync(Call("add", "{\"a\": 1, \"b\": 2}"));
        await _driver.NextSentAsync();

        Assert.Equal(
            ["DeserializeContext", "DeserializeEntity(1) deserialized-ctx", "DeserializeEntity(2) deserialized-ctx", "SerializeEntity(3) deserialized-ctx"],
            serializer.Calls);
    }

    [Fact]
    public async Task Request_WrongContentType_FailureReplyAndWarning()
    {
        await using var server = Server();
        await server.StartAsync();

        await _driver.DeliverAsync(Call("add", "{\"a\": 1, \"b\": 2}"), contentType: "text/plain");
        var reply = await _driver.NextSentAsync();

        Assert.Contains("content type 'text/plain'", reply.Message.GetProperty("failure").GetString(), StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("text/plain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_IgnoreErrorsSuffix_NoSuchMethodNotLoggedAsError()
    {
        await using var server = Server();
        await server.StartAsync();

        await _driver.DeliverAsync(Call("probe_ignore_errors", "{}"));
        await _driver.DeliverAsync(Call("probe", "{}"));
        await _driver.NextSentAsync();
        await _driver.NextSentAsync();

        var errors = _logs.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Contains(errors, e => e.Message.Contains("(probe,", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Message.Contains("probe_ignore_errors", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_SeventeenthUniqueId_RingForgetsTheFirst()
    {
        // oslo keeps the last 16 _unique_ids per listener.
        await using var server = Server();
        await server.StartAsync();
        string Cast(int id, string unique) =>
            Replies.Envelope($"{{\"method\": \"add\", \"args\": {{\"a\": {id}, \"b\": 0}}, \"_msg_id\": \"{id:x32}\", \"_reply_q\": \"r\", \"_unique_id\": \"{unique}\"}}");

        await _driver.DeliverAsync(Cast(1, "u-first"));
        await _driver.DeliverAsync(Cast(2, "u-first"));
        for (var i = 0; i < 16; i++)
        {
            await _driver.DeliverAsync(Cast(100 + i, $"u-{i}"));
        }

        await _driver.DeliverAsync(Cast(3, "u-first"));
        var results = new List<int>();
        for (var i = 0; i < 18; i++)
        {
            results.Add((await _driver.NextSentAsync()).Message.GetProperty("result").GetInt32());
        }

        Assert.Equal(1, results[0]);
        Assert.DoesNotContain(2, results);
        Assert.Equal(3, results[^1]);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("duplicate message u-first", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Heartbeat_MonitoredCallToUnknownMethod_NoneAfterTheFailureReply()
    {
        // oslo 14 leaks the watchdog after NoSuchMethod and keeps sending heartbeats (docs/wire-protocol.md, "Call-monitor heartbeats"); we must not.
        var time = new ManualTimeProvider();
        var driver = new RecordingDriver();
        await using var transport = await RecordingDriver.CreateTransportAsync(driver, new TransportOptions { TimeProvider = time });
        await using var server = new RpcServer(transport, new Target("t", "s1"), [new Calculator()]);
        await server.StartAsync();

        await driver.DeliverAsync(Replies.Envelope("{\"method\": \"nope\", \"args\": {}, \"_msg_id\": \"m1\", \"_reply_q\": \"r\", \"_timeout\": 2}"));
        var reply = await driver.NextSentAsync();
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(JsonValueKind.String, reply.Message.GetProperty("failure").ValueKind);
        Assert.False(driver.TryTakeSent(out _), "a heartbeat was sent after the final reply");
    }

    [Fact]
    public async Task Reply_SendFails_LoggedAndServerKeepsServing()
    {
        var failures = 1;
        _driver.OnSend = (_, _) => Interlocked.Decrement(ref failures) >= 0 ? throw new MessageUndeliverableException("", "r", "NO_ROUTE") : ValueTask.CompletedTask;
        await using var server = Server();
        await server.StartAsync();

        await _driver.DeliverAsync(Call("add", "{\"a\": 1, \"b\": 1}"));
        await _driver.DeliverAsync(Call("add", "{\"a\": 2, \"b\": 2}"));
        await _driver.NextSentAsync();
        var second = await _driver.NextSentAsync();

        Assert.Equal(4, second.Message.GetProperty("result").GetInt32());
        var logged = await _logs.WaitForAsync(e => e.Level == LogLevel.Error && e.Message.Contains("Failed to send the reply", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.IsType<MessageUndeliverableException>(logged.Exception);
    }

    [Fact]
    public void Executor_Pooled_ValidatesSize()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RpcExecutor.Pooled(0));
        Assert.Equal(64, RpcExecutor.Pooled().MaxConcurrency);
        Assert.Equal(1, RpcExecutor.Blocking.MaxConcurrency);
        Assert.Equal("pooled(8)", RpcExecutor.Pooled(8).ToString());
    }
}
