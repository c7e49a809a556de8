using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Interop.Tests.PythonServer;

/// <summary>Python exceptions raised by endpoint methods as a .NET client sees them; call timeouts and the call monitor.</summary>
[Trait("Category", "Integration")]
[Collection(PythonServersCollection.Name)]
public sealed class PythonServerFailureTests(PythonServersFixture servers)
{
    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_ValueError_ThrowsRemoteErrorWithTypeValueAndTraceback(string oslo)
    {
        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => servers[oslo].Client().CallAsync(new RequestContext(), "fail", new { message = "bad value" }));

        Assert.Equal("ValueError", error.ExcType);
        Assert.Equal("bad value", error.Value);
        Assert.StartsWith("Traceback (most recent call last):", error.Traceback[0], StringComparison.Ordinal);
        Assert.Equal("ValueError: bad value\n", error.Traceback[^1]);
        Assert.StartsWith("Remote error: ValueError bad value\n", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_CustomErrorNotAllowed_ThrowsRemoteError(string oslo)
    {
        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => servers[oslo].Client().CallAsync(new RequestContext(), "fail_custom", new { message = "custom boom" }));

        Assert.Equal("InteropError", error.ExcType);
        Assert.Equal("custom boom", error.Value);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_CustomErrorRegistered_RecreatedWithCodeFromKwargs(string oslo)
    {
        var error = await Assert.ThrowsAsync<InteropErrorException>(
            () => servers[oslo].Client(servers[oslo].Allowing).CallAsync(new RequestContext(), "fail_custom", new { message = "custom boom" }));

        Assert.Equal("custom boom", error.Message);
        Assert.Equal(42, error.Code);
        Assert.Contains("interopmod.InteropError: custom boom", (string)error.Data[RemoteFailure.TracebackDataKey]!, StringComparison.Ordinal);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_ExpectedKeyError_ThrowsRemoteErrorWithKeyError(string oslo)
    {
        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => servers[oslo].Client().CallAsync(new RequestContext(), "fail_expected", new { message = "missing key" }));

        Assert.Equal("KeyError", error.ExcType);
        Assert.Equal("'missing key'", error.Value);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_MissingArgument_ThrowsTypeErrorAsRpcArgumentExceptionWhenAllowed(string oslo)
    {
        var remote = await Assert.ThrowsAsync<RemoteErrorException>(() => servers[oslo].Client().CallAsync(new RequestContext(), "add", new { a = 1 }));
        var allowed = await Assert.ThrowsAsync<RpcArgumentException>(() => servers[oslo].Client(servers[oslo].Allowing).CallAsync(new RequestContext(), "add", new { a = 1 }));

        Assert.Equal("TypeError", remote.ExcType);
        Assert.Contains("missing 1 required positional argument: 'b'", remote.Value, StringComparison.Ordinal);
        Assert.Contains("missing 1 required positional argument: 'b'", allowed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_LongCallWithCallMonitor_SucceedsOnHeartbeats(string oslo)
    {
        // 4 s > the 2 s call-monitor timeout: only the server's heartbeats (every 1 s) keep the call alive.
        var client = servers[oslo].Client(options: new RpcClientOptions { Timeout = TimeSpan.FromSeconds(20), CallMonitorTimeout = TimeSpan.FromSeconds(2) });

        Assert.Equal(4, await client.CallAsync<int>(new RequestContext(), "sleep", new { seconds = 4 }));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_SlowerThanTimeout_ThrowsMessagingTimeout(string oslo)
    {
        var client = servers[oslo].Client(options: new RpcClientOptions { Timeout = TimeSpan.FromSeconds(1) });

        await Assert.ThrowsAsync<MessagingTimeoutException>(() => client.CallAsync<int>(new RequestContext(), "sleep", new { seconds = 3 }));
    }
}
