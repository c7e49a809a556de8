using System.Text;
using System.Text.Json;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Tests.Support;

namespace Oslo.Messaging.Tests.Rpc.Internal;

/// <summary>The fast reads of requests (<see cref="RequestReader"/>) and replies (<see cref="ReplyReader"/>) give what
/// the general path (<see cref="Envelope.Open(ReadOnlySpan{byte})"/> and the element decoders) gives, and leave every
/// message they do not fully understand to it.</summary>
public sealed class FastReadTests
{
    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json.Trim());

    private static string Wrap(string message) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["oslo.version"] = "2.0", ["oslo.message"] = message });

    private static IncomingRequest General(byte[] body) => IncomingRequest.Decode(Envelope.Open(body).Message).Request!;

    public static TheoryData<string> Requests => new()
    {
        SpecVectors.CallRequest,
        SpecVectors.Cast,
        SpecVectors.FanoutCast,
        SpecVectors.MonitoredCall,
        Wrap("""{"method": "m", "_msg_id": "id", "_reply_q": "q"}"""),
        Wrap("""{"method": "m", "args": null, "namespace": null, "version": null, "_timeout": 2.5, "other": [1, {"a": 2}]}"""),
        Wrap("""{"method": "m", "args": {}, "_context_": 0, "_context_n": {"k": [1]}, "_context_u": "é \"q\"", "_context_u": "last"}"""),
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Request_CommonShapes_ReadFastAsTheGeneralPath(string json)
    {
        var body = Bytes(json);

        var fast = RequestReader.TryRead(body, WireJson.ReaderOptions);

        Assert.NotNull(fast); // these are the shapes the fast read is for
        var general = General(body);
        Assert.Equal(general.Method, fast.Method);
        Assert.Equal(general.Namespace, fast.Namespace);
        Assert.Equal(general.Version, fast.Version);
        Assert.Equal(general.MessageId, fast.MessageId);
        Assert.Equal(general.ReplyQueue, fast.ReplyQueue);
        Assert.Equal(general.UniqueId, fast.UniqueId);
        Assert.Equal(general.Args.ValueKind, fast.Args.ValueKind);
        Assert.Equal(Raw(general.Args), Raw(fast.Args));
        Assert.Equal(general.ClientTimeout.ValueKind, fast.ClientTimeout.ValueKind);
        Assert.Equal(Raw(general.ClientTimeout), Raw(fast.ClientTimeout));
        Assert.Equal(general.Context.Keys, fast.Context.Keys); // same keys, same order
        Assert.Equal(general.Context.Values.Select(Raw), fast.Context.Values.Select(Raw));
    }

    [Theory]
    [InlineData("""{"method": "m", "method": "n"}""")] // repeated field
    [InlineData("""{"method": 1}""")] // wrong type: the general path says why
    [InlineData("""{"args": {}}""")] // no method
    [InlineData("""{"method": "m", "args": [1]}""")]
    [InlineData("""{"method": "m", "version": 2}""")]
    [InlineData("""{"method": "m", "args": {"x": NaN}}""")] // Python's JSON
    [InlineData("""{"method": "m", "args": {"x": "\ud800"}}""")] // a lone surrogate
    [InlineData("""{"method": "m", "_cont\u0065xt_user": "u"}""")] // an escaped name
    public void Request_OddShapes_LeftToTheGeneralPath(string message) =>
        Assert.Null(RequestReader.TryRead(Bytes(Wrap(message)), WireJson.ReaderOptions));

    [Theory]
    [InlineData("""{"method": "m"}""")] // envelope-less
    [InlineData("""{"oslo.version": "3.0", "oslo.message": "{\"method\": \"m\"}"}""")]
    [InlineData("""{"oslo.version": "2.0", "oslo.message": "{\"method\": \"m\"} x"}""")]
    public void Request_OtherEnvelopes_LeftToTheGeneralPath(string body) =>
        Assert.Null(RequestReader.TryRead(Bytes(body), WireJson.ReaderOptions));

    [Fact]
    public void Request_ReadsOneAfterAnother_KeepNothingOfTheLast()
    {
        // The thread's gathering buffer is reused: a context key or value of one request must never reach the next.
        var first = RequestReader.TryRead(Bytes(SpecVectors.CallRequest), WireJson.ReaderOptions)!;
        var second = RequestReader.TryRead(Bytes(Wrap("""{"method": "m", "args": {"a": 2}, "_context_x": 3}""")), WireJson.ReaderOptions)!;

        Assert.Equal(["user", "request_id", "roles", RequestContext.ClientTimeoutKey], first.Context.Keys);
        Assert.Equal(["x", RequestContext.ClientTimeoutKey], second.Context.Keys);
        Assert.Equal(3, second.Context["x"].GetInt32());
        Assert.Equal("""{"a": 2}""", second.Args.GetRawText());
        Assert.Equal("alice", first.Context["user"].GetString()); // the first request's values are its own
        Assert.Equal(1, first.Args.GetProperty("a").GetInt32());
    }

    public static TheoryData<string> Replies => new()
    {
        SpecVectors.SuccessReply,
        SpecVectors.FailureReply,
        SpecVectors.Heartbeat,
        Wrap("""{"_msg_id": "m1", "ending": true}"""),
        Wrap("""{"result": "é \"q\"", "_msg_id": "m1", "ending": true, "other": {"a": [1]}}"""),
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Reply_CommonShapes_ReadFastAsTheGeneralPath(string json)
    {
        var body = Bytes(json);
        var general = ReplyCodec.Decode(Envelope.Open(body).Message)!;
        var waiter = new ReplyWaiter(0, long.MaxValue, 0);
        string? askedFor = null;

        var outcome = ReplyReader.TryRead(body, Find, out var found, out var fast, out _);

        Assert.Equal(ReplyReader.Outcome.Found, outcome);
        Assert.Same(waiter, found);
        Assert.Equal(general.MessageId, askedFor);
        Assert.Equal(general.MessageId, fast!.MessageId);
        Assert.Equal(general.Failure, fast.Failure);
        Assert.Equal(general.Ending, fast.Ending);
        Assert.Equal(general.HasResult, fast.HasResult);
        Assert.Equal(general.IsHeartbeat, fast.IsHeartbeat);
        Assert.Equal(Raw(general.Value), Raw(fast.Value));

        bool Find(ReadOnlySpan<char> id, out string knownId, out ReplyWaiter w)
        {
            askedFor = id.ToString();
            (knownId, w) = (askedFor, waiter);
            return true;
        }
    }

    [Fact]
    public void Reply_NobodyWaits_SaysWhichId()
    {
        var outcome = ReplyReader.TryRead(Bytes(SpecVectors.Heartbeat), NotFound, out var waiter, out var reply, out var unknownId);

        Assert.Equal(ReplyReader.Outcome.NoWaiter, outcome);
        Assert.Null(waiter);
        Assert.Null(reply);
        Assert.Equal("628d89114d794974ab9a486214115687", unknownId);
    }

    [Theory]
    [InlineData("""{"result": 1, "ending": true}""")] // no _msg_id: the general path logs it
    [InlineData("""{"result": 1, "result": 2, "_msg_id": "m"}""")]
    [InlineData("""{"failure": {"class": "X"}, "_msg_id": "m"}""")] // not oslo's format: the general path keeps it raw
    [InlineData("""{"result": NaN, "_msg_id": "m"}""")]
    [InlineData("""[1]""")]
    public void Reply_OddShapes_LeftToTheGeneralPath(string message) =>
        Assert.Equal(ReplyReader.Outcome.NotRead, ReplyReader.TryRead(Bytes(Wrap(message)), NotFound, out _, out _, out _));

    private static bool NotFound(ReadOnlySpan<char> id, out string knownId, out ReplyWaiter waiter)
    {
        (knownId, waiter) = (null!, null!);
        return false;
    }

    private static string? Raw(JsonElement element) => element.ValueKind == JsonValueKind.Undefined ? null : element.GetRawText();
}
