using System.Text.Json;
using Oslo.Messaging.Rpc.Internal;

namespace Oslo.Messaging.Tests.Rpc.Internal;

/// <summary>Decoding a request (docs/wire-protocol.md, "Request messages" and "Request context"): context keys gathered, <c>client_timeout</c> injected, defaults applied, bad fields refused.</summary>
public sealed class IncomingRequestTests
{
    private static IncomingRequest Decode(string json) => IncomingRequest.Decode(JsonElement.Parse(json)).Request!;

    [Fact]
    public void Decode_MinimalCall_DefaultsVersionAndArgs()
    {
        var request = Decode("{\"method\": \"m\", \"_msg_id\": \"id\", \"_reply_q\": \"q\"}");

        Assert.Equal("1.0", request.Version);
        Assert.Null(request.Namespace);
        Assert.Equal(JsonValueKind.Undefined, request.Args.ValueKind);
        Assert.Null(request.UniqueId);
        Assert.True(request.IsCall);
        Assert.Equal([RequestContext.ClientTimeoutKey], request.Context.Keys);
    }

    [Fact]
    public void Decode_ContextKeys_StrippedOfPrefixWithAnyJsonValue()
    {
        var request = Decode("""{"method": "m", "_context_user_id": "u", "_context_is_admin": true, "_context_n": {"k": [1]}, "_context_": 0, "_timeout": 4, "other": 1}""");

        Assert.Equal("u", request.Context.UserId);
        Assert.True(request.Context["is_admin"].GetBoolean());
        Assert.Equal("{\"k\": [1]}", request.Context["n"].GetRawText());
        Assert.Equal(0, request.Context[""].GetInt32());
        Assert.Equal(4.0, request.Context.ClientTimeout);
        Assert.False(request.Context.ContainsKey("other"));
        Assert.False(request.Context.ContainsKey("_timeout"));
    }

    [Fact]
    public void Decode_CastWithoutReplyQueue_IsNotCall()
    {
        Assert.False(Decode("{\"method\": \"m\"}").IsCall);
        Assert.False(Decode("{\"method\": \"m\", \"_msg_id\": \"id\"}").IsCall);
    }

    [Theory]
    [InlineData("{\"args\": {}, \"_msg_id\": \"id\", \"_reply_q\": \"q\"}", "the request has no 'method'")]
    [InlineData("{\"method\": 1, \"_msg_id\": \"id\", \"_reply_q\": \"q\"}", "'method' is not a string")]
    [InlineData("{\"method\": \"m\", \"args\": [1], \"_msg_id\": \"id\", \"_reply_q\": \"q\"}", "'args' must be a JSON object, not Array")]
    [InlineData("{\"method\": \"m\", \"args\": \"x\", \"_msg_id\": \"id\", \"_reply_q\": \"q\"}", "'args' must be a JSON object, not String")]
    [InlineData("{\"method\": \"m\", \"version\": 1.1, \"_msg_id\": \"id\", \"_reply_q\": \"q\"}", "'version' must be a string or null")]
    [InlineData("{\"method\": \"m\", \"namespace\": [], \"_msg_id\": \"id\", \"_reply_q\": \"q\"}", "'namespace' must be a string or null")]
    public void Decode_BadField_ReturnsReasonAndReplyAddress(string json, string reason)
    {
        var decoded = IncomingRequest.Decode(JsonElement.Parse(json));

        Assert.Null(decoded.Request);
        Assert.Equal(new MalformedRequest(reason, "id", "q"), decoded.Malformed);
    }

    [Fact]
    public void Decode_NullArgsNamespaceVersion_TreatedAsAbsent()
    {
        var request = Decode("{\"method\": \"m\", \"args\": null, \"namespace\": null, \"version\": null}");

        Assert.Null(request.Namespace);
        Assert.Equal("1.0", request.Version);
    }
}
