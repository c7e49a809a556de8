using System.Text;
using System.Text.Json;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Faults;

/// <summary>Garbage published raw to a server's queue: the server keeps serving, and a message that carries a reply
/// address gets a failure reply at the sender's (raw) reply queue.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "BrokerFaults")]
[Collection("BrokerFaults")]
public sealed class MalformedMessageTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    public static TheoryData<string> WithReplyAddress() =>
    [
        "envelope_version_3",
        "missing_method",
        "args_not_object",
        "wrong_content_type",
        "no_content_type_envelope_less",
    ];

    [Theory]
    [MemberData(nameof(WithReplyAddress))]
    public async Task Server_MalformedRequestWithReplyAddress_RepliesFailureAndKeepsServing(string kind)
    {
        var topic = TestBroker.Unique("bad");
        await using var transport = await TestBroker.CreateTransportAsync();
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        await using var replies = await RawCapture.StartAsync();
        var msgId = Guid.NewGuid().ToString("N");
        var head = $"\"_msg_id\": \"{msgId}\", \"_reply_q\": \"{replies.Queue}\", \"_timeout\": null, \"_unique_id\": \"{Guid.NewGuid():N}\"";
        var (body, contentType) = kind switch
        {
            "envelope_version_3" => (Envelope($"{{\"method\": \"whoami\", \"args\": {{}}, {head}}}", "3.0"), "application/json"),
            "missing_method" => (Envelope($"{{\"args\": {{}}, {head}}}"), "application/json"),
            "args_not_object" => (Envelope($"{{\"method\": \"echo\", \"args\": [\"v\"], {head}}}"), "application/json"),
            "wrong_content_type" => (Envelope($"{{\"method\": \"whoami\", \"args\": {{}}, {head}}}"), "text/plain"),
            _ => (Encoding.UTF8.GetBytes($"{{\"args\": 5, {head}}}"), (string?)null),
        };

        await replies.PublishAsync("openstack", topic, body, contentType);
        var reply = (await replies.NextAsync(_signal)).Message();

        Assert.Equal(msgId, reply.GetProperty("_msg_id").GetString());
        Assert.True(reply.GetProperty("ending").GetBoolean());
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("result").ValueKind);
        var failure = JsonDocument.Parse(reply.GetProperty("failure").GetString()!).RootElement;
        Assert.False(string.IsNullOrEmpty(failure.GetProperty("class").GetString()));
        await AssertStillServesAsync(transport, topic);
    }

    public static TheoryData<string> Unanswerable() =>
    [
        "not json at all",
        "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"method\\\": ",
        "[1, 2, 3]",
        "",
        "\u0000\u0001\u0002",
    ];

    [Theory]
    [MemberData(nameof(Unanswerable))]
    public async Task Server_UnparsableBody_IsDroppedAndServerKeepsServing(string text)
    {
        var topic = TestBroker.Unique("junk");
        await using var transport = await TestBroker.CreateTransportAsync();
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        await using var probe = await BrokerProbe.ConnectAsync();

        for (var i = 0; i < 20; i++)
        {
            await probe.PublishAsync("openstack", topic, Encoding.UTF8.GetBytes(text));
        }

        await AssertStillServesAsync(transport, topic);
        Assert.Equal(1u, await probe.ConsumersAsync(topic));
    }

    [Fact]
    public async Task Server_MalformedRequestToMissingReplyQueue_DoesNotStallTheQueue()
    {
        // The failure reply to a queue that does not exist is retried for up to a minute (oslo's rule); the server
        // must go on taking messages meanwhile (AssertStillServesAsync allows 10 s, far less than that minute).
        var topic = TestBroker.Unique("stall");
        await using var transport = await TestBroker.CreateTransportAsync();
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        await using var probe = await BrokerProbe.ConnectAsync();
        var head = $"\"_msg_id\": \"{Guid.NewGuid():N}\", \"_reply_q\": \"reply_{Guid.NewGuid():N}\", \"_timeout\": null";

        await probe.PublishAsync("openstack", topic, Envelope($"{{\"args\": [], {head}}}"));

        await AssertStillServesAsync(transport, topic);
    }

    private static async Task AssertStillServesAsync(Transport transport, string topic)
    {
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = _signal });
        Assert.Equal("ok", await client.CallAsync<string>(new RequestContext(), "echo", new { value = "ok" }));
    }

    private static byte[] Envelope(string message, string version = "2.0") =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["oslo.version"] = version, ["oslo.message"] = message }));
}
