using Microsoft.Extensions.Logging;
using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>
/// .NET exceptions as a real oslo.messaging client sees them: registered wire identities become real Python classes
/// (builtins always, others when the client allows their module), everything else a RemoteError with the .NET class name.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DotNetServersCollection.Name)]
public sealed class DotNetServerFailureTests(DotNetServersFixture servers)
{
    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_ArgumentExceptionMappedToValueError_PythonGetsValueError(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "fail") with { Args = new { message = "bad value" } });

        outcome.AssertRaised("builtins", "ValueError", "bad value");
        Assert.Contains(servers.Log.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("(fail,", StringComparison.Ordinal));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_UnregisteredException_RemoteErrorWithDotNetClassName(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "fail_unregistered") with { Args = new { message = "not mapped" } });

        outcome.AssertRemoteError("InvalidOperationException", "not mapped");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_CustomErrorNotAllowed_RemoteErrorInteropError(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "fail_custom") with { Args = new { message = "custom boom" } });

        outcome.AssertRemoteError("InteropError", "custom boom");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_CustomErrorAllowed_PythonRecreatesInteropErrorWithKwargs(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "fail_custom") with { Args = new { message = "custom boom" }, AllowedExmods = ["interopmod"] });

        outcome.AssertRaised("interopmod_Remote", "InteropError_Remote", "custom boom");
        Assert.Equal(42, outcome.Kwargs.GetProperty("code").GetInt32());
        Assert.Single(outcome.Kwargs.EnumerateObject());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_ExpectedException_PythonGetsKeyErrorAndServerLogsNoError(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "fail_expected") with { Args = new { message = "missing key" } });

        outcome.AssertRaised("builtins", "KeyError", "missing key");
        Assert.DoesNotContain(servers.Log.Entries, e => e.Level >= LogLevel.Warning && e.Text.Contains("fail_expected", StringComparison.Ordinal));
        Assert.Contains(servers.Log.Entries, e => e.Level == LogLevel.Debug && e.Text.Contains("(fail_expected)", StringComparison.Ordinal));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_MissingArgument_PythonGetsTypeError(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "add") with { Args = new { a = 1 } });

        outcome.AssertRaised("builtins", "TypeError", "add() missing 1 required positional argument: 'b'");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_Ns2Version20_DispatchedToEndpointB(string oslo)
    {
        var result = (await servers.RunAsync(servers.Call(oslo, "echo_b") with { Namespace = "ns2", Version = "2.0", Args = new { payload = "p" } })).AssertOk();

        Assert.Equal("B", result.GetProperty("endpoint").GetString());
        Assert.Equal("p", result.GetProperty("payload").GetString());
    }

    [Theory]
    [Oslo14("1.0")]
    [Oslo14("1.2.7")]
    [Oslo14("1.3")]
    [Oslo18("1.0")]
    [Oslo18("1.2.7")]
    [Oslo18("1.3")]
    public async Task Call_CompatibleVersion_DispatchedToEndpointA(string oslo, string version)
    {
        var result = (await servers.RunAsync(servers.Call(oslo, "echo") with { Version = version, Args = new { payload = 7 } })).AssertOk();

        Assert.Equal(7, result.GetInt32());
    }

    [Theory]
    [Oslo14(null, "1.4", "echo")]
    [Oslo14("ns2", "1.0", "echo_b")]
    [Oslo14("ns3", "1.0", "echo")]
    [Oslo18(null, "1.4", "echo")]
    [Oslo18("ns2", "1.0", "echo_b")]
    [Oslo18("ns3", "1.0", "echo")]
    public async Task Call_NoCompatibleEndpoint_RemoteErrorUnsupportedVersion(string oslo, string? ns, string version, string method)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, method) with { Namespace = ns, Version = version, Args = new { payload = 1 } });

        outcome.AssertRemoteError("UnsupportedVersion", $"Endpoint does not support RPC version {version}. Attempted method: {method}");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_UnsupportedVersionAllowed_PythonRecreatesUnsupportedVersion(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "echo") with
        {
            Version = "1.4",
            Args = new { payload = 1 },
            AllowedExmods = ["oslo_messaging.rpc.dispatcher"],
        });

        outcome.AssertRaised("oslo_messaging.rpc.dispatcher_Remote", "UnsupportedVersion_Remote", "Endpoint does not support RPC version 1.4. Attempted method: echo");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_UnknownMethod_RemoteErrorNoSuchMethod(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "no_such_method"));

        outcome.AssertRemoteError("NoSuchMethod", "Endpoint does not support RPC method no_such_method");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_UnknownMethodAllowed_PythonRecreatesNoSuchMethod(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "no_such_method") with { AllowedExmods = ["oslo_messaging.rpc.dispatcher"] });

        outcome.AssertRaised("oslo_messaging.rpc.dispatcher_Remote", "NoSuchMethod_Remote", "Endpoint does not support RPC method no_such_method");
    }
}
