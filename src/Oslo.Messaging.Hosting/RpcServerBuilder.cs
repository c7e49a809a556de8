using Oslo.Messaging.Contracts;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting;

/// <summary>One hosted RPC server: its target, its endpoint types and its options. See
/// <see cref="OsloMessagingBuilder.AddRpcServer(Target, Action{RpcServerBuilder})"/>.</summary>
public sealed class RpcServerBuilder : HostedEndpointsBuilder<RpcServerBuilder, RpcServerOptions>
{
    internal RpcServerBuilder(Target target)
    {
        Target = target;
    }

    /// <summary>The target served.</summary>
    public Target Target { get; }

    /// <summary>Adds a typed contract (consulted in the order added, with the endpoint types): each request gets a
    /// <typeparamref name="TImplementation"/> from a new container scope, exactly as <see cref="HostedEndpointsBuilder{TBuilder, TOptions}.AddEndpoint{TEndpoint}"/>
    /// gives (the container's registration of <typeparamref name="TImplementation"/> when it has one, otherwise a new
    /// object with its constructor's dependencies injected), and its arguments are bound by the contract's generated
    /// endpoint: no reflection per call.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TContract"/> has no generated endpoint (not an
    /// [RpcContract] interface, or the generator is not referenced where it is declared).</exception>
    public RpcServerBuilder AddContract<TContract, TImplementation>()
        where TContract : class
        where TImplementation : class, TContract =>
        Add(ContractEndpoint.PerRequest<TContract, TImplementation>(), typeof(TImplementation));
}
