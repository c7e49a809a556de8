using System.Text.Json;
using Oslo.Messaging.Contracts;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Serialization.Internal;

namespace Oslo.Messaging.Tests.Contracts;

/// <summary>A contract type that the serializer has no JSON metadata for (a Native AOT app whose JsonContext misses it)
/// fails the call with an error naming the type: that runtime error is the check (docs/typed-contracts.md, "JSON and
/// Native AOT"), so it must be clear.</summary>
public sealed class MissingJsonMetadataTests
{
    // What an AOT app without the contract's context resolves: the built-in types only.
    private static readonly JsonRpcSerializer BuiltInOnly = new(new JsonSerializerOptions(JsonRpcSerializer.DefaultOptions) { TypeInfoResolver = BuiltInJsonContext.Default });

    [Fact]
    public async Task ResultTypeWithoutMetadata_OnTheServer_CallerIsToldTheType()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        await using var server = new RpcServer(transport, new Target("compute", "host-1"), [new ComputeApiEndpoint(new ComputeService())],
            new RpcServerOptions { Serializer = BuiltInOnly });
        await server.StartAsync();
        var proxy = new RpcClient(transport, new Target("compute"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(10) }).For<IComputeApi>();

        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => proxy.GetFlavorAsync(new RequestContext(), "m1.small"));

        Assert.Contains(nameof(Flavor), error.Message, StringComparison.Ordinal);
        Assert.Equal(5, await proxy.AddAsync(new RequestContext(), 2, 3)); // the server goes on
    }

    [Fact]
    public async Task ResultTypeWithoutMetadata_OnTheClient_NamesTheType()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        await using var server = new RpcServer(transport, new Target("compute", "host-1"), [new ComputeApiEndpoint(new ComputeService())]);
        await server.StartAsync();
        var proxy = new RpcClient(transport, new Target("compute"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(10), Serializer = BuiltInOnly }).For<IComputeApi>();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => proxy.GetFlavorAsync(new RequestContext(), "m1.small"));

        Assert.Contains(nameof(Flavor), error.Message, StringComparison.Ordinal);
    }
}
