using System.Text;
using System.Text.RegularExpressions;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Wire;

/// <summary>What the transport puts on the wire, seen by a plain RabbitMQ.Client consumer and compared with docs/wire-protocol.md ("Publishing", "Publish properties", "Request messages", "Reply messages").</summary>
[Trait("Category", "Integration")]
public sealed partial class PublishedMessageTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Hex32();

    [GeneratedRegex("^reply_[0-9a-f]{32}$")]
    private static partial Regex ReplyQueue();

    [Fact]
    public async Task CallAsync_Request_HasOslosPropertiesFieldsAndOrder()
    {
        var exchange = TestBroker.Unique("x");
        var topic = TestBroker.Unique("call");
        await using var capture = await RawCapture.StartAsync(exchange, topic);
        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { ControlExchange = exchange });
        var client = new RpcClient(transport, new Target(topic, version: "1.1"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(5) });
        var context = new RequestContext().Set("user", "alice").Set("roles", new[] { "admin" });

        var call = client.CallAsync<int>(context, "add", new { a = 1, b = 2 });
        var request = await capture.NextAsync(_signal);

        Assert.Equal((exchange, topic), (request.Exchange, request.RoutingKey));
        AssertOsloProperties(request, directReplyTo: true);
        Assert.Equal("5000", request.Expiration);
        Assert.Equal(["oslo.version", "oslo.message"], request.EnvelopeKeys());
        Assert.Equal(["method", "args", "version", "_msg_id", "_reply_q", "_timeout", "_unique_id", "_context_user", "_context_roles"], request.MessageKeys());
        var message = request.Message();
        Assert.Equal("add", message.GetProperty("method").GetString());
        Assert.Equal("1.1", message.GetProperty("version").GetString());
        Assert.Matches(Hex32(), message.GetProperty("_msg_id").GetString());
        Assert.Matches(Hex32(), message.GetProperty("_unique_id").GetString());
        Assert.Matches(ReplyQueue(), message.GetProperty("_reply_q").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, message.GetProperty("_timeout").ValueKind);

        // A hand-made oslo reply on the default exchange completes the call: the reply queue is reachable by name.
        var reply = $"{{\"result\": 42, \"failure\": null, \"ending\": true, \"_msg_id\": \"{message.GetProperty("_msg_id").GetString()}\", \"_unique_id\": \"{Guid.NewGuid():N}\"}}";
        await capture.PublishAsync("", message.GetProperty("_reply_q").GetString()!, Envelope(reply));
        Assert.Equal(42, await call.WaitAsync(_signal));
    }

    [Fact]
    public async Task Reply_FromServer_GoesToTheDefaultExchangeWithOslosFields()
    {
        var topic = TestBroker.Unique("reply");
        await using var transport = await TestBroker.CreateTransportAsync();
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        await using var capture = await RawCapture.StartAsync();
        var msgId = Guid.NewGuid().ToString("N");

        var request = $"{{\"method\": \"add\", \"args\": {{\"a\": 1, \"b\": 2}}, \"version\": \"1.1\", \"_msg_id\": \"{msgId}\", \"_reply_q\": \"{capture.Queue}\", \"_timeout\": null, \"_unique_id\": \"{Guid.NewGuid():N}\"}}";
        await capture.PublishAsync("openstack", topic, Envelope(request));
        var reply = await capture.NextAsync(_signal);

        Assert.Equal(("", capture.Queue), (reply.Exchange, reply.RoutingKey));
        AssertOsloProperties(reply);
        Assert.Null(reply.Expiration);
        Assert.Equal(["oslo.version", "oslo.message"], reply.EnvelopeKeys());
        Assert.Equal(["result", "failure", "ending", "_msg_id", "_unique_id"], reply.MessageKeys());
        var message = reply.Message();
        Assert.Equal(3, message.GetProperty("result").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, message.GetProperty("failure").ValueKind);
        Assert.True(message.GetProperty("ending").GetBoolean());
        Assert.Equal(msgId, message.GetProperty("_msg_id").GetString());
    }

    [Fact]
    public async Task CastAsync_Request_HasNoExpirationAndNoCallFields()
    {
        var topic = TestBroker.Unique("cast");
        await using var capture = await RawCapture.StartAsync("openstack", topic + ".s9");
        await using var transport = await TestBroker.CreateTransportAsync();

        await new RpcClient(transport, new Target(topic, "s9")).CastAsync(new RequestContext().Set("user", "bob"), "note", new { kind = "cast" });
        var cast = await capture.NextAsync(_signal);

        Assert.Equal(("openstack", topic + ".s9"), (cast.Exchange, cast.RoutingKey));
        AssertOsloProperties(cast);
        Assert.Null(cast.Expiration);
        Assert.Equal(["method", "args", "_unique_id", "_context_user"], cast.MessageKeys());
    }

    [Fact]
    public async Task CastAsync_Fanout_PublishesToTopicFanoutWithEmptyKey()
    {
        var topic = TestBroker.Unique("fanout");
        await using var capture = await RawCapture.StartAsync(topic + "_fanout", "", "fanout", exchangeAutoDelete: true);
        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { ControlExchange = TestBroker.Unique("x") });

        await new RpcClient(transport, new Target(topic, fanout: true)).CastAsync(new RequestContext(), "note", new { kind = "fanout" });
        var cast = await capture.NextAsync(_signal);

        Assert.Equal((topic + "_fanout", ""), (cast.Exchange, cast.RoutingKey));
        AssertOsloProperties(cast);
        Assert.Null(cast.Expiration);
        Assert.Equal("fanout", cast.Message().GetProperty("args").GetProperty("kind").GetString());
    }

    /// <param name="message">What the raw consumer saw.</param>
    /// <param name="directReplyTo">A call with the default <see cref="RabbitMqOptions.DirectReplyTo"/>: its one extra
    /// property is <c>reply_to</c>, which the broker rewrites to <c>amq.rabbitmq.reply-to.&lt;token&gt;</c>
    /// (docs/rabbitmq.md, "Direct reply-to"); everything else is as oslo sends it.</param>
    internal static void AssertOsloProperties(CapturedMessage message, bool directReplyTo = false)
    {
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("utf-8", message.ContentEncoding);
        Assert.Equal(2, message.DeliveryMode);
        Assert.Equal(0, message.Priority);
        // oslo sends an empty headers table. RabbitMQ.Client reads an empty table back as null, so this can only check
        // that nothing was added (no x-dotnet-pub-seq-no); PropertiesFrameTests checks the table is on the wire.
        Assert.True(message.Headers is null || message.Headers.Count == 0, "unexpected headers");
        Assert.False(message.CorrelationIdPresent);
        if (directReplyTo)
        {
            Assert.StartsWith("amq.rabbitmq.reply-to.", message.ReplyTo, StringComparison.Ordinal);
        }
        else
        {
            Assert.False(message.ReplyToPresent);
        }

        Assert.False(message.MessageIdPresent);
    }

    private static byte[] Envelope(string message) =>
        Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["oslo.version"] = "2.0", ["oslo.message"] = message }));
}
