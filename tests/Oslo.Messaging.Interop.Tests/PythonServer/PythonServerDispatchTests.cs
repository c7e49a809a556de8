using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.PythonServer;

/// <summary>
/// oslo's endpoint selection seen from a .NET client: endpoint A (null namespace, 1.3), endpoint B (ns2, 2.1);
/// UnsupportedVersion/NoSuchMethod are RemoteErrors unless the client allows the messaging exceptions.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PythonServersCollection.Name)]
public sealed class PythonServerDispatchTests(PythonServersFixture servers)
{
    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_Ns2Version20_DispatchedToEndpointB(string oslo)
    {
        var result = await servers[oslo].Client().Prepare(@namespace: "ns2", version: "2.0").CallAsync(new RequestContext(), "echo_b", new { payload = "p" });

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
    public async Task CallAsync_CompatibleVersion_DispatchedToEndpointA(string oslo, string version)
    {
        Assert.Equal(7, await servers[oslo].Client().Prepare(version: version).CallAsync<int>(new RequestContext(), "echo", new { payload = 7 }));
    }

    [Theory]
    [Oslo14(null, "1.4", "echo")]
    [Oslo14(null, "1.3.1", "echo")]
    [Oslo14("ns2", "1.0", "echo_b")]
    [Oslo14("ns3", "1.0", "echo")]
    [Oslo18(null, "1.4", "echo")]
    [Oslo18(null, "1.3.1", "echo")]
    [Oslo18("ns2", "1.0", "echo_b")]
    [Oslo18("ns3", "1.0", "echo")]
    public async Task CallAsync_NoCompatibleEndpoint_ThrowsUnsupportedVersionRemoteError(string oslo, string? ns, string version, string method)
    {
        var error = await Assert.ThrowsAsync<RemoteErrorException>(
            () => servers[oslo].Client().Prepare(@namespace: ns, version: version).CallAsync(new RequestContext(), method, new { payload = 1 }));

        Assert.Equal("UnsupportedVersion", error.ExcType);
        Assert.Equal($"Endpoint does not support RPC version {version}. Attempted method: {method}", error.Value);
        Assert.NotEmpty(error.Traceback);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_UnsupportedVersionAllowed_ThrowsUnsupportedVersionException(string oslo)
    {
        var error = await Assert.ThrowsAsync<UnsupportedVersionException>(
            () => servers[oslo].Client(servers[oslo].Allowing).Prepare(version: "1.4").CallAsync(new RequestContext(), "echo", new { payload = 1 }));

        Assert.Equal("1.4", error.Version);
        Assert.Equal("echo", error.Method);
        Assert.Equal("Endpoint does not support RPC version 1.4. Attempted method: echo", error.Message);
        Assert.Contains("UnsupportedVersion", (string)error.Data[RemoteFailure.TracebackDataKey]!, StringComparison.Ordinal);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_UnknownMethod_ThrowsNoSuchMethodRemoteError(string oslo)
    {
        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => servers[oslo].Client().CallAsync(new RequestContext(), "no_such_method"));

        Assert.Equal("NoSuchMethod", error.ExcType);
        Assert.Equal("Endpoint does not support RPC method no_such_method", error.Value);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_UnknownMethodAllowed_ThrowsNoSuchMethodException(string oslo)
    {
        var error = await Assert.ThrowsAsync<NoSuchMethodException>(() => servers[oslo].Client(servers[oslo].Allowing).CallAsync(new RequestContext(), "no_such_method"));

        Assert.Equal("no_such_method", error.Method);
        Assert.Equal("Endpoint does not support RPC method no_such_method", error.Message);
    }
}
