using System.Text;
using System.Text.Json;
using CsCheck;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Hardening;

/// <summary>
/// Property-based: random and mutated bodies never make a decoder throw. Each gives either a valid message or a
/// malformed-message result with a reason — the guarantee the server's intake and the reply consumer build on.
/// </summary>
public sealed class DecoderPropertyTests
{
    private const int Iterations = 2_000;

    // Fragments that push parsers to their edges: Python's literals, lone and paired surrogate escapes, deep nesting,
    // numbers beyond double and TimeSpan, quotes and braces that break structure.
    private static readonly string[] Hazards =
    [
        "NaN", "Infinity", "-Infinity", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\\\ud800", "1e400", "-1e400", "1e7",
        "\"", "{", "}", "[", "]", ",", ":", "null", "true", "\\", "\\u12", new string('[', 300), "\u0000", "\"_msg_id\"",
    ];

    private static readonly Gen<string> FieldName = Gen.OneOf<string>(
        "method", "args", "namespace", "version", "_msg_id", "_reply_q", "_timeout", "_unique_id", "_context_user_id",
        "_context_auth_token", "result", "failure", "ending", "oslo.version", "oslo.message", "x");

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf<string>("null", "true", "false", "NaN", "Infinity", "-Infinity", "1e7", "1e300", "-5", "0", "1.5", "\"2.0\"", "\"\\ud800\"", "\"\"", "[]", "{}"),
        Gen.String[0, 20].Select(s => JsonSerializer.Serialize(s)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0"));

    private static readonly Gen<string> MessageObject = Gen.Select(FieldName, Scalar).Array[0, 10]
        .Select(fields => "{" + string.Join(", ", fields.Select(f => $"\"{f.Item1}\": {f.Item2}")) + "}");

    private static readonly Gen<byte[]> Mutated = Gen.Select(
            Gen.OneOf<string>(SpecVectors.CallRequest, SpecVectors.SuccessReply, SpecVectors.FailureReply, SpecVectors.MonitoredCall, SpecVectors.Heartbeat),
            Gen.Int[0, 1000], Gen.Int[0, 3], Gen.OneOf<string>(Hazards))
        .Select(x => Mutate(x.Item1, x.Item2, x.Item3, x.Item4));

    private static byte[] Mutate(string vector, int position, int kind, string hazard)
    {
        var at = position % (vector.Length + 1);
        var text = kind switch
        {
            0 => vector.Insert(at, hazard),
            1 => vector[..at], // truncated
            2 => at < vector.Length ? vector.Remove(at, 1).Insert(at, hazard) : vector + hazard, // replaced
            _ => vector.Replace("1", hazard, StringComparison.Ordinal),
        };
        return Encoding.UTF8.GetBytes(text);
    }

    private static void AssertRequestDecodes(byte[] body)
    {
        var decoded = RequestDecoder.Decode(new IncomingMessage(body, "application/json", "q"));

        Assert.True(decoded.Request is null != (decoded.Malformed is null), "exactly one of request and malformed");
        if (decoded.Malformed is { } malformed)
        {
            Assert.False(string.IsNullOrWhiteSpace(malformed.Problem));
        }
        else
        {
            Assert.NotNull(decoded.Request!.Method); // may be empty: dispatch answers NoSuchMethod
            Assert.NotNull(decoded.Request.Version);
        }
    }

    private static void AssertReplyRoutes(byte[] body)
    {
        var router = new ReplyRouter(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);
        router.Register("3950285df9304fa0bcf263ef91c25737", 0, TimeSpan.FromDays(1), null);
        var handled = router.HandleAsync(new IncomingMessage(body, "application/json", "reply_q"), CancellationToken.None);

        Assert.True(handled.IsCompletedSuccessfully);
    }

    [Fact]
    public void RequestDecoder_RandomBytes_NeverThrows() =>
        Gen.Byte.Array[0, 256].Sample(AssertRequestDecodes, iter: Iterations);

    [Fact]
    public void RequestDecoder_MutatedVectors_NeverThrows() =>
        Mutated.Sample(AssertRequestDecodes, iter: Iterations);

    [Fact]
    public void RequestDecoder_RandomEnvelopedObjects_NeverThrows() =>
        MessageObject.Sample(json => AssertRequestDecodes(Encoding.UTF8.GetBytes(Replies.Envelope(json))), iter: Iterations);

    [Fact]
    public void RequestDecoder_RandomEnvelopeLessObjects_NeverThrows() =>
        MessageObject.Sample(json => AssertRequestDecodes(Encoding.UTF8.GetBytes(json)), iter: Iterations);

    [Fact]
    public void ReplyRouter_RandomAndMutatedReplies_NeverThrows()
    {
        Gen.Byte.Array[0, 256].Sample(AssertReplyRoutes, iter: Iterations);
        Mutated.Sample(AssertReplyRoutes, iter: Iterations);
        MessageObject.Sample(json => AssertReplyRoutes(Encoding.UTF8.GetBytes(Replies.Envelope(json))), iter: Iterations);
    }

    [Fact]
    public void PythonJson_Rewrite_OfStrictJson_ChangesNothing() =>
        Gen.String[0, 40].Sample(s =>
        {
            var strict = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { s, n = 1.5, list = new[] { 1, 2 } }));
            Assert.Null(PythonJson.Rewrite(strict));
        }, iter: Iterations);
}
