using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;

namespace Oslo.Messaging.Tests.Rpc.Internal;

/// <summary>oslo's failure format (docs/wire-protocol.md, "Failure format"): encoding on the server, decoding on the client.</summary>
public sealed class FailureCodecTests
{
    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    [Fact]
    public void Encode_PlainException_HasOsloFieldsInOrder()
    {
        var failure = JsonElement.Parse(FailureCodec.Encode(Thrown(new InvalidOperationException("boom \"quoted\" é")), new RemoteExceptionRegistry()));

        Assert.Equal(["class", "module", "message", "tb", "args", "kwargs"], failure.EnumerateObject().Select(p => p.Name));
        Assert.Equal("InvalidOperationException", failure.GetProperty("class").GetString());
        Assert.Equal("System", failure.GetProperty("module").GetString());
        Assert.Equal("boom \"quoted\" é", failure.GetProperty("message").GetString());
        Assert.Equal("boom \"quoted\" é", Assert.Single(failure.GetProperty("args").EnumerateArray()).GetString());
        Assert.Equal("{}", failure.GetProperty("kwargs").GetRawText());
    }

    [Fact]
    public void Encode_ThrownException_TracebackLinesEndInNewlineLastIsClassAndMessage()
    {
        var failure = JsonElement.Parse(FailureCodec.Encode(Thrown(new InvalidOperationException("boom")), new RemoteExceptionRegistry()));
        var tb = failure.GetProperty("tb").EnumerateArray().Select(l => l.GetString()!).ToList();

        Assert.True(tb.Count >= 2, "expected at least one stack frame and the final line");
        Assert.All(tb, line => Assert.EndsWith("\n", line, StringComparison.Ordinal));
        Assert.Contains(tb, line => line.Contains(nameof(Thrown), StringComparison.Ordinal));
        Assert.Equal("InvalidOperationException: boom\n", tb[^1]);
    }

    [Fact]
    public void Encode_NeverThrown_TracebackIsFinalLineOnly()
    {
        var failure = JsonElement.Parse(FailureCodec.Encode(new InvalidOperationException("x"), new RemoteExceptionRegistry()));

        Assert.Equal("[\"InvalidOperationException: x\\n\"]", failure.GetProperty("tb").GetRawText());
    }

    [Fact]
    public void Encode_MessagingExceptions_UseWireIdentityArgsAndKwargs()
    {
        var registry = new RemoteExceptionRegistry();
        var noSuch = JsonElement.Parse(FailureCodec.Encode(new NoSuchMethodException("frob"), registry));
        var unsupported = JsonElement.Parse(FailureCodec.Encode(new UnsupportedVersionException("3.1", "frob"), registry));
        var argument = JsonElement.Parse(FailureCodec.Encode(new RpcArgumentException("f() missing 1 required positional argument: 'x'"), registry));

        Assert.Equal(("NoSuchMethod", "oslo_messaging.rpc.dispatcher"), (noSuch.GetProperty("class").GetString(), noSuch.GetProperty("module").GetString()));
        Assert.Equal("[\"frob\"]", noSuch.GetProperty("args").GetRawText());
        Assert.Equal(("UnsupportedVersion", "oslo_messaging.rpc.dispatcher"), (unsupported.GetProperty("class").GetString(), unsupported.GetProperty("module").GetString()));
        Assert.Equal("[\"3.1\"]", unsupported.GetProperty("args").GetRawText());
        Assert.Equal("{\"method\":\"frob\"}", unsupported.GetProperty("kwargs").GetRawText());
        Assert.Equal(("TypeError", "builtins"), (argument.GetProperty("class").GetString(), argument.GetProperty("module").GetString()));
    }

    [Fact]
    public void Encode_RegisteredIdentity_UsedForTheType()
    {
        var registry = new RemoteExceptionRegistry().Register("nova.exception", "InstanceNotFound", f => new ConformanceException(f.Message));

        var failure = JsonElement.Parse(FailureCodec.Encode(new ConformanceException("gone"), registry));

        Assert.Equal("InstanceNotFound", failure.GetProperty("class").GetString());
        Assert.Equal("nova.exception", failure.GetProperty("module").GetString());
    }

    [Fact]
    public void Decode_SpecVectorC_ReadsEveryField()
    {
        var reply = OsloWire.Open(System.Text.Encoding.UTF8.GetBytes(SpecVectors.FailureReply));

        var failure = FailureCodec.Decode(reply.GetProperty("failure").GetString()!);

        Assert.Equal("KeyError", failure.ClassName);
        Assert.Equal("builtins", failure.Module);
        Assert.Equal("'missing'", failure.Message);
        Assert.Equal(4, failure.Traceback.Count);
        Assert.Equal("Traceback (most recent call last):\n", failure.Traceback[0]);
        Assert.Equal("KeyError: 'missing'\n", failure.Traceback[^1]);
        Assert.Equal("missing", failure.ArgString(0));
        Assert.Empty(failure.Kwargs.EnumerateObject());
        Assert.StartsWith("'missing'\nTraceback (most recent call last):\n", failure.FullText, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SpecCustomException_KeepsKwargs()
    {
        var failure = FailureCodec.Decode("""{"class": "SpecError", "module": "specmod", "message": "spec failure", "tb": [], "args": ["spec failure"], "kwargs": {"code": 42}}""");

        Assert.Equal(("SpecError", "specmod", "spec failure"), (failure.ClassName, failure.Module, failure.Message));
        Assert.Equal(42, failure.Kwargs.GetProperty("code").GetInt32());
    }

    [Fact]
    public void Decode_MinimalFailure_IsAccepted()
    {
        var failure = FailureCodec.Decode("""{"class": "ValueError", "module": "builtins", "message": "bad"}""");

        Assert.Equal(("ValueError", "builtins", "bad"), (failure.ClassName, failure.Module, failure.Message));
        Assert.Empty(failure.Traceback);
        Assert.Equal(JsonValueKind.Undefined, failure.Args.ValueKind);
        Assert.Null(failure.ArgString(0));
        Assert.Equal("bad", failure.FullText);
    }

    [Fact]
    public void Decode_ExceptionsModule_NormalisedToBuiltins() =>
        Assert.Equal("builtins", FailureCodec.Decode("""{"class": "KeyError", "module": "exceptions", "message": "k"}""").Module);

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("\"a string\"")]
    public void Decode_NotAnObject_YieldsMalformedFailureWithRawText(string text)
    {
        var failure = FailureCodec.Decode(text);

        Assert.Equal("MalformedFailure", failure.ClassName);
        Assert.Equal(text, failure.Message);
    }

    [Fact]
    public void Decode_MissingClassAndModule_DefaultsToBuiltinsException()
    {
        var failure = FailureCodec.Decode("""{"message": "m", "tb": ["line\n", 7]}""");

        Assert.Equal(("Exception", "builtins"), (failure.ClassName, failure.Module));
        Assert.Equal(["line\n", "7"], failure.Traceback);
    }

    [Fact]
    public void EncodeThenDecode_RoundTripsClassModuleMessageArgs()
    {
        var registry = new RemoteExceptionRegistry();
        var failure = FailureCodec.Decode(FailureCodec.Encode(Thrown(new UnsupportedVersionException("3.1", "frob")), registry));

        Assert.Equal(("UnsupportedVersion", "oslo_messaging.rpc.dispatcher"), (failure.ClassName, failure.Module));
        Assert.Equal("Endpoint does not support RPC version 3.1. Attempted method: frob", failure.Message);
        Assert.Equal("3.1", failure.ArgString(0));
        Assert.Equal("frob", failure.KwargString("method"));
        Assert.Equal("UnsupportedVersion: Endpoint does not support RPC version 3.1. Attempted method: frob\n", failure.Traceback[^1]);
    }
}
