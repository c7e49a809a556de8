using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Testing;

/// <summary>Malformed and duplicated messages published as raw bytes.</summary>
public abstract partial class TransportConformanceTests
{
    public static TheoryData<string> MalformedRequests() =>
    [
        "envelope_version_3",
        "missing_method",
        "args_not_object",
        "method_not_string",
        "message_not_object",
    ];

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Server_MalformedRequestWithReplyAddress_RepliesFailureLogsWarningAndKeepsServing(string kind)
    {
        var logs = new CapturingLoggerFactory();
        var serverTransport = await NewTransportAsync(new TransportOptions { LoggerFactory = logs });
        var rawTransport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(serverTransport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        var replies = new RawMessageCollector();
        var replyAddress = await rawTransport.Driver.StartReplyConsumerAsync(replies, CancellationToken.None);
        var msgId = OsloWire.NewId();
        var head = $"\"_msg_id\": \"{msgId}\", \"_reply_q\": \"{replyAddress}\", \"_timeout\": null, \"_unique_id\": \"{OsloWire.NewId()}\"";
        var body = kind switch
        {
            "envelope_version_3" => OsloWire.Wrap($"{{\"method\": \"whoami\", \"args\": {{}}, {head}}}", version: "3.0"),
            "missing_method" => OsloWire.Wrap($"{{\"args\": {{}}, {head}}}"),
            "args_not_object" => OsloWire.Wrap($"{{\"method\": \"echo\", \"args\": [\"value\"], {head}}}"),
            "method_not_string" => OsloWire.Wrap($"{{\"method\": 7, \"args\": {{}}, {head}}}"),
            _ => Encoding.UTF8.GetBytes($"{{\"oslo.version\": \"2.0\", \"oslo.message\": \"[1, 2]\", {head}}}"),
        };

        await rawTransport.Driver.SendAsync(Destination.ToTopic(null, topic), body, new SendOptions(), CancellationToken.None);

        if (kind != "message_not_object")
        {
            // (a) The caller is told: a final failure reply for its _msg_id.
            var reply = await replies.ReadMessageAsync(SignalTimeout);
            Assert.Equal(msgId, reply.GetProperty("_msg_id").GetString());
            Assert.True(reply.GetProperty("ending").GetBoolean());
            Assert.Equal(JsonValueKind.Null, reply.GetProperty("result").ValueKind);
            var failure = JsonElement.Parse(reply.GetProperty("failure").GetString()!);
            Assert.False(string.IsNullOrEmpty(failure.GetProperty("class").GetString()));
            Assert.False(string.IsNullOrEmpty(failure.GetProperty("message").GetString()));
        }

        // (b) The server still serves, (c) the problem was logged as a warning.
        Assert.Equal("s1", await NewClient(serverTransport, new Target(topic)).CallAsync<string>(new RequestContext(), "whoami"));
        await logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("malformed", StringComparison.OrdinalIgnoreCase), SignalTimeout);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Critical);
    }

    public static TheoryData<string> UnparsableBodies() =>
    [
        "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"method\\\": ",
        "not json at all",
        "[1, 2, 3]",
        "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"method\\\": \\\"whoami\\\"\"",
        "",
    ];

    [Theory]
    [MemberData(nameof(UnparsableBodies))]
    public async Task Server_UnparsableBody_LogsWarningAndKeepsServing(string text)
    {
        var logs = new CapturingLoggerFactory();
        var serverTransport = await NewTransportAsync(new TransportOptions { LoggerFactory = logs });
        var rawTransport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(serverTransport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));

        await rawTransport.Driver.SendAsync(Destination.ToTopic(null, topic), Encoding.UTF8.GetBytes(text), new SendOptions(), CancellationToken.None);

        var warning = await logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("malformed", StringComparison.OrdinalIgnoreCase), SignalTimeout);
        Assert.Equal("s1", await NewClient(rawTransport, new Target(topic)).CallAsync<string>(new RequestContext(), "whoami"));
        Assert.Contains(topic, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_SameUniqueIdDeliveredTwice_RunsEndpointOnce()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new ConformanceEndpoint("s1");
        await StartServerAsync(transport, new Target(topic, "s1"), endpoint, new RpcServerOptions { Executor = RpcExecutor.Blocking });
        var cast = OsloWire.Wrap($"{{\"method\": \"note\", \"args\": {{\"kind\": \"dup\"}}, \"_unique_id\": \"{OsloWire.NewId()}\"}}");

        await transport.Driver.SendAsync(Destination.ToTopic(null, topic), cast, new SendOptions(), CancellationToken.None);
        await transport.Driver.SendAsync(Destination.ToTopic(null, topic), cast, new SendOptions(), CancellationToken.None);

        // The blocking executor runs in arrival order: when this call is answered both casts have been handled.
        Assert.Equal(1, await NewClient(transport, new Target(topic)).CallAsync<int>(new RequestContext(), "note_count"));
        Assert.Equal("dup", await endpoint.NextNoteAsync(SignalTimeout));
    }

    [Fact]
    public async Task Server_EnvelopeLessRequest_IsServed()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(transport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        var replies = new RawMessageCollector();
        var replyAddress = await (await NewTransportAsync()).Driver.StartReplyConsumerAsync(replies, CancellationToken.None);
        var msgId = OsloWire.NewId();

        // The minimal request a Python server accepts (docs/wire-protocol.md, "Request messages"), without the v2 envelope ("Envelope").
        var body = Encoding.UTF8.GetBytes($"{{\"method\": \"echo\", \"args\": {{\"value\": \"bare\"}}, \"_msg_id\": \"{msgId}\", \"_reply_q\": \"{replyAddress}\"}}");
        await transport.Driver.SendAsync(Destination.ToTopic(null, topic), body, new SendOptions(), CancellationToken.None);

        var reply = await replies.ReadMessageAsync(SignalTimeout);
        Assert.Equal(msgId, reply.GetProperty("_msg_id").GetString());
        Assert.Equal("bare", reply.GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("failure").ValueKind);
        Assert.True(reply.GetProperty("ending").GetBoolean());
    }
}
