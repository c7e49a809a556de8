using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Testing;

namespace Oslo.Messaging.Tests.Exceptions;

/// <summary>The allow-list of remote exceptions (docs/wire-protocol.md, "Remote exceptions"): only registered types are recreated, everything else is a RemoteError.</summary>
public sealed class RemoteExceptionRegistryTests
{
    public sealed class SpecErrorException(string message, int code) : Exception(message)
    {
        public int Code { get; } = code;
    }

    private static RemoteFailure Failure(string className, string module, string message = "msg", string tb = "[\"line 1\\n\", \"line 2\\n\"]", string args = "[]", string kwargs = "{}") =>
        FailureCodec.Decode($"{{\"class\": \"{className}\", \"module\": \"{module}\", \"message\": \"{message}\", \"tb\": {tb}, \"args\": {args}, \"kwargs\": {kwargs}}}");

    [Fact]
    public void Create_NotRegistered_RemoteErrorWithTypeValueTraceback()
    {
        var error = Assert.IsType<RemoteErrorException>(new RemoteExceptionRegistry().Create(Failure("SpecError", "specmod", "spec failure")));

        Assert.Equal("SpecError", error.ExcType);
        Assert.Equal("spec failure", error.Value);
        Assert.Equal(["line 1\n", "line 2\n"], error.Traceback);
        Assert.Equal("Remote error: SpecError spec failure\nline 1\nline 2\n.", error.Message);
        Assert.Equal("line 1\nline 2\n", error.Data[RemoteFailure.TracebackDataKey]);
    }

    [Fact]
    public void Create_DotNetTypeNameNotRegistered_NeverInstantiatedByName()
    {
        // The type exists in .NET, but only the allow-list creates exceptions: no Type.GetType on wire names.
        var error = new RemoteExceptionRegistry().Create(Failure("InvalidOperationException", "System"));

        Assert.IsType<RemoteErrorException>(error);
    }

    [Fact]
    public void Create_Registered_FactoryGetsArgsAndKwargs()
    {
        var registry = new RemoteExceptionRegistry()
            .Register("specmod", "SpecError", f => new SpecErrorException(f.Message, f.Kwargs.GetProperty("code").GetInt32()));

        var error = Assert.IsType<SpecErrorException>(registry.Create(Failure("SpecError", "specmod", "spec failure", args: "[\"spec failure\"]", kwargs: "{\"code\": 42}")));

        Assert.Equal("spec failure", error.Message);
        Assert.Equal(42, error.Code);
        Assert.Equal("line 1\nline 2\n", error.Data[RemoteFailure.TracebackDataKey]);
    }

    [Fact]
    public void Create_SameClassOtherModule_NotRecreated()
    {
        var registry = new RemoteExceptionRegistry().Register("specmod", "SpecError", f => new SpecErrorException(f.Message, 0));

        Assert.IsType<RemoteErrorException>(registry.Create(Failure("SpecError", "othermod")));
    }

    [Theory]
    [InlineData("builtins")]
    [InlineData("exceptions")]
    public void Create_BuiltinsRegistered_MatchesEitherModuleSpelling(string module)
    {
        var registry = new RemoteExceptionRegistry().Register("exceptions", "KeyError", f => new KeyNotFoundException(f.Message));

        Assert.IsType<KeyNotFoundException>(registry.Create(Failure("KeyError", module)));
    }

    [Fact]
    public void Create_FactoryThrows_FallsBackToRemoteError()
    {
        var registry = new RemoteExceptionRegistry().Register<SpecErrorException>("specmod", "SpecError", f => throw new InvalidOperationException("cannot build"));

        var error = Assert.IsType<RemoteErrorException>(registry.Create(Failure("SpecError", "specmod")));

        Assert.Equal("cannot build", error.Data["oslo.factory_error"]);
    }

    [Fact]
    public void Create_TypeRegisteredByIdentity_UsesNamespaceAndName()
    {
        var registry = new RemoteExceptionRegistry().Register(f => new ConformanceException(f.Message));

        Assert.Equal(("Oslo.Messaging.Testing", "ConformanceException"), registry.IdentityOf(typeof(ConformanceException)));
        Assert.IsType<ConformanceException>(registry.Create(Failure("ConformanceException", "Oslo.Messaging.Testing")));
    }

    [Fact]
    public void AllowMessagingExceptions_DispatcherErrors_RecreatedWithTheirFields()
    {
        var registry = new RemoteExceptionRegistry().AllowMessagingExceptions();

        var noSuch = Assert.IsType<NoSuchMethodException>(registry.Create(Failure("NoSuchMethod", "oslo_messaging.rpc.dispatcher", "Endpoint does not support RPC method frob", args: "[\"frob\"]")));
        var unsupported = Assert.IsType<UnsupportedVersionException>(registry.Create(
            Failure("UnsupportedVersion", "oslo_messaging.rpc.dispatcher", "Endpoint does not support RPC version 3.1. Attempted method: frob", args: "[\"3.1\"]", kwargs: "{\"method\": \"frob\"}")));
        var typeError = Assert.IsType<RpcArgumentException>(registry.Create(Failure("TypeError", "builtins", "f() got an unexpected keyword argument 'x'")));

        Assert.Equal("frob", noSuch.Method);
        Assert.Equal(("3.1", "frob"), (unsupported.Version, unsupported.Method));
        Assert.Equal("Endpoint does not support RPC version 3.1. Attempted method: frob", unsupported.Message);
        Assert.Equal("f() got an unexpected keyword argument 'x'", typeError.Message);
    }

    [Fact]
    public void AllowMessagingExceptions_NoSuchMethodWithoutArgs_MethodFromMessage()
    {
        var registry = new RemoteExceptionRegistry().AllowMessagingExceptions();

        var error = Assert.IsType<NoSuchMethodException>(registry.Create(Failure("NoSuchMethod", "oslo_messaging.rpc.dispatcher", "Endpoint does not support RPC method frob", args: "[]")));

        Assert.Equal("frob", error.Method);
    }

    [Fact]
    public void Create_NotAllowedDispatcherError_IsRemoteErrorWithExcType()
    {
        var error = Assert.IsType<RemoteErrorException>(new RemoteExceptionRegistry().Create(Failure("NoSuchMethod", "oslo_messaging.rpc.dispatcher")));

        Assert.Equal("NoSuchMethod", error.ExcType);
    }

    [Fact]
    public void IdentityOf_WireIdentityAttribute_IsUsed()
    {
        var registry = new RemoteExceptionRegistry();

        Assert.Equal(("oslo_messaging.exceptions", "MessagingTimeout"), registry.IdentityOf(typeof(MessagingTimeoutException)));
        Assert.Equal(("oslo_messaging.rpc.client", "RemoteError"), registry.IdentityOf(typeof(RemoteErrorException)));
        Assert.Equal(("System", "ArgumentException"), registry.IdentityOf(typeof(ArgumentException)));
    }

    [Fact]
    public void Register_EmptyNames_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RemoteExceptionRegistry().Register("", "X", f => new SpecErrorException(f.Message, 0)));
        Assert.Throws<ArgumentException>(() => new RemoteExceptionRegistry().Register("m", "", f => new SpecErrorException(f.Message, 0)));
    }

    [Fact]
    public void RemoteError_JsonFailureRoundTrip_PreservesFields()
    {
        var original = new RemoteErrorException("ValueError", "bad value", ["tb 1\n"]);
        var failure = FailureCodec.Decode(FailureCodec.Encode(original, new RemoteExceptionRegistry()));

        Assert.Equal(("RemoteError", "oslo_messaging.rpc.client"), (failure.ClassName, failure.Module));
        Assert.Equal(JsonValueKind.Array, failure.Args.ValueKind);
        Assert.Equal("ValueError", failure.ArgString(0));
        Assert.Equal("bad value", failure.ArgString(1));
    }
}
