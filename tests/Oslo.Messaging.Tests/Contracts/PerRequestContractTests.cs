using Oslo.Messaging.Contracts;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Tests.Contracts;

/// <summary>A typed contract's generated endpoint whose object the server's activator creates per request.</summary>
public sealed class PerRequestContractTests
{
    [Fact]
    public async Task PerRequest_EachCallRunsOnItsOwnObject_FromTheActivator()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        var activator = new CountingActivator();
        await using var server = new RpcServer(transport, new Target("compute", "host-1"), [ContractEndpoint.PerRequest<IComputeApi, ComputeService>()], activator);
        await server.StartAsync();
        var proxy = new RpcClient(transport, new Target("compute"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(10) }).For<IComputeApi>();

        Assert.Equal(5, await proxy.AddAsync(new RequestContext(), 2, 3));
        Assert.Equal(7, await proxy.AddAsync(new RequestContext(), 3, 4));

        Assert.Equal([typeof(ComputeService), typeof(ComputeService)], activator.Asked);
    }

    [Fact]
    public async Task PerRequest_WithoutActivator_RefusedWhenTheServerIsCreated()
    {
        await using var transport = await Transport.CreateAsync("memory://");

        var error = Assert.Throws<ArgumentException>(() =>
            new RpcServer(transport, new Target("compute", "host-1"), [ContractEndpoint.PerRequest<IComputeApi, ComputeService>()]));

        Assert.Contains("activator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PerRequest_OfAnInterfaceWithoutGeneratedCode_SaysWhy()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ContractEndpoint.PerRequest<IDisposable, MemoryStream>());

        Assert.Contains("IDisposable has no generated endpoint", error.Message, StringComparison.Ordinal);
    }

    private sealed class CountingActivator : RpcEndpointActivator
    {
        public List<Type> Asked { get; } = [];

        public override RpcEndpointScope BeginRequest(RequestContext context) => new Scope(this);

        private sealed class Scope(CountingActivator owner) : RpcEndpointScope
        {
            public override object GetEndpoint(Type endpointType)
            {
                lock (owner.Asked)
                {
                    owner.Asked.Add(endpointType);
                }

                return new ComputeService();
            }

            public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
