using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting;

/// <summary>One hosted RPC server: its target, its endpoint types (consulted in the order added, as oslo's endpoint
/// list) and its options. See <see cref="OsloMessagingBuilder.AddRpcServer(Target, Action{RpcServerBuilder})"/>.</summary>
public sealed class RpcServerBuilder
{
    private readonly List<Type> _endpointTypes = [];

    internal RpcServerBuilder(Target target)
    {
        Target = target;
    }

    /// <summary>The target served.</summary>
    public Target Target { get; }

    internal IReadOnlyList<Type> EndpointTypes => _endpointTypes;

    internal Func<RpcServerOptions, RpcServerOptions>? Configure { get; private set; }

    /// <summary>Adds an endpoint type. Each request gets its object from a new container scope: the container's
    /// registration of the type when it has one (so a singleton endpoint is possible), otherwise a new object built
    /// with its constructor's dependencies injected.</summary>
    public RpcServerBuilder AddEndpoint<TEndpoint>()
        where TEndpoint : class => AddEndpoint(typeof(TEndpoint));

    /// <inheritdoc cref="AddEndpoint{TEndpoint}"/>
    public RpcServerBuilder AddEndpoint(Type endpointType)
    {
        ArgumentNullException.ThrowIfNull(endpointType);
        _endpointTypes.Add(endpointType);
        return this;
    }

    /// <summary>Changes the server's options, starting from the defaults hosting sets (the executor sized by
    /// <see cref="OsloMessagingOptions.ExecutorThreadPoolSize"/>, the host's logger factory), e.g.
    /// <c>o =&gt; o with { PingEnabled = true }</c>.</summary>
    public RpcServerBuilder WithOptions(Func<RpcServerOptions, RpcServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = Configure;
        Configure = previous is null ? configure : o => configure(previous(o));
        return this;
    }
}
