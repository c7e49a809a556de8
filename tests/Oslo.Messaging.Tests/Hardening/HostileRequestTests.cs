using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Telemetry;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Hardening;

/// <summary>
/// What a peer may put on the broker never stops a server: each request gets a reply (or a clear log line) and the
/// server goes on serving. The server runs the blocking executor, one worker, so a worker that died would show as
/// the next call never being answered.
/// </summary>
public sealed class HostileRequestTests : IAsyncLifetime
{
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(5);
    private readonly RecordingDriver _driver = new();
    private readonly CapturingLoggerFactory _logs = new();
    private Transport _transport = null!;
    private RpcServer _server = null!;

    public sealed class Probe
    {
        public int Add(RequestContext context, int a, int b) => a + b;

        public double Half(RequestContext context, double x) => x / 2;

        public string Echo(RequestContext context, string s) => s;

        public void Unencodable(RequestContext context) => throw new UnencodableFailure();
    }

    /// <summary>An exception whose wire arguments cannot be serialized (an object cycle).</summary>
    public sealed class UnencodableFailure() : MessagingException("cannot encode my args")
    {
        public override IReadOnlyList<object?> WireArgs => [new SelfReference()];
    }

    public sealed class SelfReference
    {
        public SelfReference Self => this;
    }

    public async Task InitializeAsync()
    {
        _transport = await RecordingDriver.CreateTransportAsync(_driver, new TransportOptions { LoggerFactory = _logs });
        _server = new RpcServer(_transport, new Target("t", "s1"), [new Probe()], new RpcServerOptions { Executor = RpcExecutor.Blocking });
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _transport.DisposeAsync();
    }

    private static string Call(string method, string args, string extra = "", string msgId = "m1") =>
        Replies.Envelope($"{{\"method\": \"{method}\", \"args\": {args}, \"_msg_id\": \"{msgId}\", \"_reply_q\": \"reply_abc\"{extra}}}");

    private async Task<JsonElement> ReplyToAsync(string body)
    {
        await _driver.DeliverAsync(body);
        var sent = await _driver.NextSentAsync(ReplyWait);
        while (sent.Message.TryGetProperty("ending", out var ending) && !ending.GetBoolean())
        {
            sent = await _driver.NextSentAsync(ReplyWait); // skip heartbeats
        }

        return sent.Message;
    }

    private async Task AssertStillServesAsync()
    {
        var reply = await ReplyToAsync(Call("add", "{\"a\": 20, \"b\": 22}", msgId: "after"));
        Assert.Equal("after", reply.GetProperty("_msg_id").GetString());
        Assert.Equal(42, reply.GetProperty("result").GetInt32());
    }

    [Theory]
    [InlineData("1e7")] // legal in oslo; half of it is beyond what a .NET timer accepts
    [InlineData("1e300")] // beyond TimeSpan
    [InlineData("-5")]
    [InlineData("NaN")] // Python's json.dumps writes float('nan') so
    [InlineData("Infinity")]
    [InlineData("\"10\"")]
    public async Task CallMonitorTimeout_OutOfRange_AnsweredAndServerGoesOn(string timeout)
    {
        var reply = await ReplyToAsync(Call("add", "{\"a\": 1, \"b\": 2}", $", \"_timeout\": {timeout}"));

        Assert.Equal(3, reply.GetProperty("result").GetInt32());
        await AssertStillServesAsync();
    }

    [Theory]
    [InlineData("NaN", "NaN")]
    [InlineData("Infinity", "Infinity")]
    [InlineData("-Infinity", "-Infinity")]
    public async Task Args_PythonNonFiniteNumbers_ReadAsTheNumber(string token, string expected)
    {
        var reply = await ReplyToAsync(Call("half", $"{{\"x\": {token}}}"));

        Assert.Equal(JsonValueKind.Null, reply.GetProperty("failure").ValueKind);
        Assert.Equal(expected, reply.GetProperty("result").GetString()); // written back as oslo's peers read it with float()
    }

    [Fact]
    public async Task Args_LoneSurrogateEscape_ReadAsReplacementCharacter()
    {
        var reply = await ReplyToAsync(Call("echo", "{\"s\": \"a\\ud800b\"}"));

        Assert.Equal("a\ufffdb", reply.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Method_LoneSurrogateEscape_FailureReplyAndServerGoesOn()
    {
        var reply = await ReplyToAsync(Call("\\udc00", "{}"));

        Assert.Contains("NoSuchMethod", reply.GetProperty("failure").GetString(), StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Failure_ArgsCannotBeEncoded_PlainFailureAndServerGoesOn()
    {
        var reply = await ReplyToAsync(Call("unencodable", "{}"));

        var failure = JsonElement.Parse(reply.GetProperty("failure").GetString()!);
        Assert.Equal("UnencodableFailure", failure.GetProperty("class").GetString());
        Assert.Equal("cannot encode my args", failure.GetProperty("message").GetString());
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task MalformedFlood_RandomReplyQueuesThatNeverAnswer_BackgroundRepliesBoundedAndServerGoesOn()
    {
        // Replies to the flood's queues hang (a missing queue is retried for a minute); normal replies go through.
        _driver.OnSend = async (sent, token) =>
        {
            if (sent.Destination != Destination.ToReply("reply_abc"))
            {
                await Task.Delay(Timeout.Infinite, token);
            }
        };

        for (var i = 0; i < 300; i++)
        {
            await _driver.DeliverAsync(Replies.Envelope($"{{\"method\": 5, \"_msg_id\": \"bad{i}\", \"_reply_q\": \"reply_random{i}\"}}"));
        }

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("failure replies are already being sent", StringComparison.Ordinal));
        while (_driver.TryTakeSent(out _))
        {
        }

        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Metrics_UnknownMethodNames_ShareOneTag()
    {
        var methods = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name && instrument.Name == "messaging.client.consumed.messages")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "rpc.method")
                {
                    lock (methods)
                    {
                        methods.Add(tag.Value as string);
                    }
                }
            }
        });
        listener.Start();

        await ReplyToAsync(Call("random_name_1f3a", "{}"));
        await ReplyToAsync(Call("add", "{\"a\": 1, \"b\": 2}"));

        lock (methods)
        {
            Assert.DoesNotContain("random_name_1f3a", methods);
            Assert.Contains("_unknown", methods);
            Assert.Contains("add", methods);
        }
    }
}
