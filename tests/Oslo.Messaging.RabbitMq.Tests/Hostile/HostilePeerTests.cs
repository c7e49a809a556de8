using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Hostile;

/// <summary>
/// A hostile peer publishing raw to a running server's queue on the real broker: every class of bad request gets a
/// failure or result reply at the sender's reply queue, a flood of malformed requests naming random (missing) reply
/// queues neither stops the server nor grows its memory, and afterwards a normal call is answered within a second.
/// </summary>
[Trait("Category", "Integration")]
[Collection("HostilePeer")]
public sealed class HostilePeerTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    public static TheoryData<string, string> Requests() => new()
    {
        // kind, the inner message's fields after the reply address; "result" replies carry 3
        { "python_nan_args", "\"method\": \"echo\", \"args\": {\"value\": NaN}" },
        { "huge_call_monitor_timeout", "\"method\": \"add\", \"args\": {\"a\": 1, \"b\": 2}, \"_timeout\": 1e7" },
        { "nan_call_monitor_timeout", "\"method\": \"add\", \"args\": {\"a\": 1, \"b\": 2}, \"_timeout\": NaN" },
        { "lone_surrogate_method", "\"method\": \"\\udc00\", \"args\": {}" },
        { "lone_surrogate_arg", "\"method\": \"echo\", \"args\": {\"value\": \"\\ud800\"}" },
        { "method_not_string", "\"method\": 7, \"args\": {}" },
        { "args_array", "\"method\": \"add\", \"args\": [1, 2]" },
        { "version_garbage", "\"method\": \"add\", \"args\": {\"a\": 1, \"b\": 2}, \"version\": \"x.y\"" },
        { "deep_nesting", "\"method\": \"echo\", \"args\": {\"value\": " + new string('[', 200) + new string(']', 200) + "}" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Server_HostileRequest_IsAnsweredAndServerKeepsServing(string kind, string fields)
    {
        var topic = TestBroker.Unique("hostile_" + kind);
        await using var transport = await TestBroker.CreateTransportAsync();
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")],
            new RpcServerOptions { Executor = RpcExecutor.Blocking }); // one worker: a dead one would show at once
        await server.StartAsync();
        await using var replies = await RawCapture.StartAsync();
        var msgId = Guid.NewGuid().ToString("N");

        await replies.PublishAsync("openstack", topic, Envelope($"{{{fields}, \"_msg_id\": \"{msgId}\", \"_reply_q\": \"{replies.Queue}\", \"_unique_id\": \"{Guid.NewGuid():N}\"}}"));
        var reply = (await replies.NextAsync(_signal)).Message();

        Assert.Equal(msgId, reply.GetProperty("_msg_id").GetString());
        Assert.True(reply.GetProperty("ending").GetBoolean());
        await AssertAnswersWithinAsync(transport, topic, _signal);
    }

    [Fact]
    public async Task Server_FloodOfMalformedRequestsToMissingReplyQueues_KeepsServingWithBoundedMemory()
    {
        // Lean in CI; OSLO_TEST_FULL=1 sends ten times as many.
        var flood = Environment.GetEnvironmentVariable("OSLO_TEST_FULL") == "1" ? 10_000 : 1_000;
        var topic = TestBroker.Unique("flood");
        await using var transport = await TestBroker.CreateTransportAsync();
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        await AssertAnswersWithinAsync(transport, topic, _signal); // warm: connections and queues exist
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await using var probe = await BrokerProbe.ConnectAsync();

        for (var i = 0; i < flood; i++)
        {
            var head = $"\"_msg_id\": \"{Guid.NewGuid():N}\", \"_reply_q\": \"reply_missing_{Guid.NewGuid():N}\"";
            var body = (i % 4) switch
            {
                0 => Envelope($"{{\"args\": [], {head}}}"), // malformed: answered at a queue that does not exist
                1 => Envelope($"{{\"method\": \"echo\", \"args\": {{\"value\": NaN}}, {head}, \"_timeout\": 1e300}}"),
                2 => Encoding.UTF8.GetBytes("{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"method\\\": "), // unparsable
                _ => Envelope($"{{\"method\": \"\\udc00\", {head}}}"),
            };
            await probe.PublishAsync("openstack", topic, body);
        }

        await WaitUntilDrainedAsync(probe, topic, TimeSpan.FromSeconds(60));
        // The first call queues behind what the server's consumer already took; once it is answered, the flood is
        // behind the server, and a call must take no more than a second.
        await AssertAnswersWithinAsync(transport, topic, TimeSpan.FromSeconds(120));
        await AssertAnswersWithinAsync(transport, topic, TimeSpan.FromSeconds(1));
        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(grown < 64L * 1024 * 1024, $"managed memory grew by {grown / 1024 / 1024} MiB after {flood} hostile messages");
        Assert.Equal(1u, await probe.ConsumersAsync(topic));
    }

    private static async Task WaitUntilDrainedAsync(BrokerProbe probe, string queue, TimeSpan limit)
    {
        await using var channel = await probe.Connection.CreateChannelAsync();
        var clock = Stopwatch.StartNew();
        while ((await channel.QueueDeclarePassiveAsync(queue)).MessageCount > 0)
        {
            Assert.True(clock.Elapsed < limit, $"the server did not take the flood from {queue} within {limit.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    private static async Task AssertAnswersWithinAsync(Transport transport, string topic, TimeSpan timeout)
    {
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = timeout });
        Assert.Equal(5, await client.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 }));
    }

    private static byte[] Envelope(string message) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["oslo.version"] = "2.0", ["oslo.message"] = message }));
}
