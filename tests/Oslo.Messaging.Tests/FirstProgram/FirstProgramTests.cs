using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Tests.FirstProgram;

/// <summary>A first program written from the README, its types in the global namespace (top-level statements).</summary>
public sealed class FirstProgramTests
{
    [Fact]
    public async Task RemoteExceptions_GlobalNamespaceType_RegisteredAndRecreatedOnTheClient()
    {
        var options = new TransportOptions();
        options.RemoteExceptions.Register(f => new OutOfStockException(f.Message));
        await using var transport = await Transport.CreateAsync("memory://", options);
        await using var server = new RpcServer(transport, new Target("shop", "s1"), [new Shop()]);
        await server.StartAsync();
        var client = new RpcClient(transport, new Target("shop"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });

        Assert.Equal(1, await client.CallAsync<int>(new RequestContext(), "reserve", new { item = "widget", count = 2 }));
        var error = await Assert.ThrowsAsync<OutOfStockException>(() => client.CallAsync<int>(new RequestContext(), "reserve", new { item = "widget", count = 9 }));

        Assert.Equal("cannot reserve 9 widget", error.Message);
        Assert.Equal(("__main__", "OutOfStockException"), transport.RemoteExceptions.IdentityOf(typeof(OutOfStockException)));
    }

    [Fact]
    public void IdentityOf_GlobalNamespaceTypeNotRegistered_ModuleIsMain()
    {
        // A server that sends such an exception without registering it uses the same identity a Python script would.
        Assert.Equal((RemoteExceptionRegistry.GlobalNamespaceModule, "OutOfStockException"), new RemoteExceptionRegistry().IdentityOf(typeof(OutOfStockException)));
    }

    [Fact]
    public async Task RpcServer_EndpointWithoutRpcMethods_FailsAtCreationNamingTheRule()
    {
        await using var transport = await Transport.CreateAsync("memory://");

        var error = Assert.Throws<ArgumentException>(() => new RpcServer(transport, new Target("calc", "s1"), [new CalculatorWithoutContext()]));

        Assert.Equal(
            "Endpoint CalculatorWithoutContext has no RPC method: an RPC method is a public instance method whose first parameter is a RequestContext (Add(Int32, Int32), Multiply(Int32, Int32) take none)",
            error.Message);
    }
}
