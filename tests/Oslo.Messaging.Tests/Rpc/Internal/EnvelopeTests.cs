using System.Text;
using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Tests.Support;

namespace Oslo.Messaging.Tests.Rpc.Internal;

/// <summary>The v2 envelope and the captured oslo messages (docs/wire-protocol.md, "Envelope" and "Captured oslo messages") decoded by the library's own codecs.</summary>
public sealed class EnvelopeTests
{
    private static JsonElement Unwrap(string body) => Envelope.Unwrap(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Wrap_Message_IsV2WithMessageAsJsonString()
    {
        using var output = new PooledBufferWriter();

        Envelope.Wrap("{\"method\":\"m\",\"s\":\"é \\\"q\\\"\"}"u8, output);

        var outer = JsonElement.Parse(output.WrittenSpan);
        Assert.Equal(["oslo.version", "oslo.message"], outer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2.0", outer.GetProperty("oslo.version").GetString());
        Assert.Equal("{\"method\":\"m\",\"s\":\"é \\\"q\\\"\"}", outer.GetProperty("oslo.message").GetString());
    }

    [Fact]
    public void Unwrap_WrappedMessage_RoundTrips()
    {
        using var output = new PooledBufferWriter();
        Envelope.Wrap("{\"a\": [1, {\"b\": null}], \"u\": \"日本\"}"u8, output);

        var message = Envelope.Unwrap(output.WrittenSpan);

        Assert.Equal("日本", message.GetProperty("u").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("a")[1].GetProperty("b").ValueKind);
    }

    [Fact]
    public void Unwrap_EnvelopeLess_UsesBodyAsMessage()
    {
        var message = Unwrap("{\"method\": \"echo\", \"_msg_id\": \"abc\", \"_reply_q\": \"reply_x\"}");

        Assert.Equal("echo", message.GetProperty("method").GetString());
    }

    [Theory]
    [InlineData("{\"oslo.version\": \"2.0\", \"method\": \"m\"}")] // one envelope key only: the body is the message
    [InlineData("{\"oslo.message\": \"{}\", \"method\": \"m\"}")]
    public void Unwrap_PartialEnvelope_UsesBodyAsMessage(string body) =>
        Assert.Equal("m", Unwrap(body).GetProperty("method").GetString());

    [Theory]
    [InlineData("3.0")]
    [InlineData("2.1")]
    [InlineData("1.0")]
    [InlineData("two")]
    public void Unwrap_IncompatibleEnvelopeVersion_Throws(string version)
    {
        var error = Assert.Throws<UnsupportedEnvelopeVersionException>(() => Unwrap($"{{\"oslo.version\": \"{version}\", \"oslo.message\": \"{{}}\"}}"));

        Assert.Equal(version, error.Version);
        Assert.Equal($"Unsupported RPC envelope version: {version}", error.Message);
    }

    [Fact]
    public void Open_IncompatibleEnvelopeVersion_StillReturnsTheMessage()
    {
        var (message, unsupported, _, _) = Envelope.Open("{\"oslo.version\": \"3.0\", \"oslo.message\": \"{\\\"_msg_id\\\": \\\"x\\\"}\"}"u8);

        Assert.Equal("3.0", unsupported);
        Assert.Equal("x", message.GetProperty("_msg_id").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("nope")]
    [InlineData("[1]")]
    [InlineData("\"text\"")]
    [InlineData("{\"oslo.version\": \"2.0\", \"oslo.message\": \"[1]\"}")]
    [InlineData("{\"oslo.version\": \"2.0\", \"oslo.message\": \"{broken\"}")]
    [InlineData("{\"method\": ")]
    public void Unwrap_NotAMessageObject_ThrowsMalformed(string body) =>
        Assert.Throws<MalformedMessageException>(() => Unwrap(body));

    [Fact]
    public void Unwrap_SpecVectorA_DecodesCallRequest()
    {
        var request = IncomingRequest.Decode(Unwrap(SpecVectors.CallRequest)).Request!;

        Assert.Equal("echo", request.Method);
        Assert.Equal("1.1", request.Version);
        Assert.Null(request.Namespace);
        Assert.Equal("3950285df9304fa0bcf263ef91c25737", request.MessageId);
        Assert.Equal("reply_9eee15414b694af8aa88826ff7b0e9ba", request.ReplyQueue);
        Assert.Equal("3424ddde81d04384add0844a1caace77", request.UniqueId);
        Assert.True(request.IsCall);
        Assert.Equal("{\"a\": 1, \"b\": [1, 2], \"c\": {\"x\": null}, \"s\": \"str\"}", request.Args.GetRawText());
        Assert.Equal("alice", request.Context.GetString("user"));
        Assert.Equal("req-1", request.Context.RequestId);
        Assert.Equal(["admin"], request.Context.Roles);
        Assert.Null(request.Context.ClientTimeout);
        Assert.Equal(JsonValueKind.Null, request.Context[RequestContext.ClientTimeoutKey].ValueKind);
        Assert.Equal(["user", "request_id", "roles", "client_timeout"], request.Context.Keys);
    }

    [Fact]
    public void Unwrap_SpecVectorB_DecodesSuccessReply()
    {
        var reply = ReplyCodec.Decode(Unwrap(SpecVectors.SuccessReply))!;

        Assert.Equal("3950285df9304fa0bcf263ef91c25737", reply.MessageId);
        Assert.True(reply.Ending);
        Assert.Null(reply.Failure);
        Assert.True(reply.HasResult);
        Assert.False(reply.IsHeartbeat);
        Assert.Equal("alice", reply.Value.GetProperty("ctxt").GetProperty("user").GetString());
        Assert.Equal(JsonValueKind.Null, reply.Value.GetProperty("ctxt").GetProperty("client_timeout").ValueKind);
    }

    [Fact]
    public void Unwrap_SpecVectorC_DecodesFailureReply()
    {
        var reply = ReplyCodec.Decode(Unwrap(SpecVectors.FailureReply))!;

        Assert.Equal("b52375d154b44ad7a7251d58cedb2adf", reply.MessageId);
        Assert.True(reply.Ending);
        Assert.False(reply.HasResult);
        Assert.Equal("KeyError", FailureCodec.Decode(reply.Failure!).ClassName);
    }

    [Theory]
    [InlineData(SpecVectors.Cast, "cast", "6a765ce85a234ef186c6be07e10cc524")]
    [InlineData(SpecVectors.FanoutCast, "fanout", "c24e46b816384ad6b6955acab2a3f555")]
    public void Unwrap_SpecVectorsDE_DecodeCasts(string body, string kind, string uniqueId)
    {
        var request = IncomingRequest.Decode(Unwrap(body)).Request!;

        Assert.Equal("note", request.Method);
        Assert.False(request.IsCall);
        Assert.Null(request.MessageId);
        Assert.Equal(uniqueId, request.UniqueId);
        Assert.Equal(kind, request.Args.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, request.Context[RequestContext.ClientTimeoutKey].ValueKind);
    }

    [Fact]
    public void Unwrap_SpecVectorF_DecodesMonitoredCallAndHeartbeat()
    {
        var request = IncomingRequest.Decode(Unwrap(SpecVectors.MonitoredCall)).Request!;
        var heartbeat = ReplyCodec.Decode(Unwrap(SpecVectors.Heartbeat))!;

        Assert.Equal(2, request.ClientTimeout.GetInt32());
        Assert.Equal(2.0, request.Context.ClientTimeout);
        Assert.Equal("628d89114d794974ab9a486214115687", heartbeat.MessageId);
        Assert.True(heartbeat.IsHeartbeat);
        Assert.False(heartbeat.Ending);
    }
}
