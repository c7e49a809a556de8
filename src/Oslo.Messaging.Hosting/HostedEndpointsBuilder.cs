namespace Oslo.Messaging.Hosting;

/// <summary>What hosted RPC servers and notification listeners share: their endpoint types, each resolved from a new
/// container scope per request or notification, and their options.</summary>
/// <typeparam name="TBuilder">The builder itself, returned for chaining.</typeparam>
/// <typeparam name="TOptions">The server's or listener's options.</typeparam>
public abstract class HostedEndpointsBuilder<TBuilder, TOptions>
    where TBuilder : HostedEndpointsBuilder<TBuilder, TOptions>
{
    private readonly List<Type> _endpointTypes = [];
    private readonly List<object> _endpoints = [];

    private protected HostedEndpointsBuilder()
    {
    }

    /// <summary>The types the container is asked for, one scope per request or notification.</summary>
    internal IReadOnlyList<Type> EndpointTypes => _endpointTypes;

    /// <summary>In the order added: endpoint types, and typed contracts' endpoints created per request (RPC only).</summary>
    internal IReadOnlyList<object> Endpoints => _endpoints;

    internal Func<TOptions, TOptions>? Configure { get; private set; }

    /// <summary>Adds an endpoint type (consulted in the order added, as oslo's endpoint list). Each RPC request, or
    /// each notification (each batch for a batch listener), gets its object from a new container scope, disposed once
    /// the reply was sent or the notification processed: the container's registration of the type when it has one (so
    /// a singleton endpoint is possible), otherwise a new object with its constructor's dependencies injected. Scoped
    /// services (a database context) therefore live as long as one request or notification.</summary>
    public TBuilder AddEndpoint<TEndpoint>()
        where TEndpoint : class => AddEndpoint(typeof(TEndpoint));

    /// <inheritdoc cref="AddEndpoint{TEndpoint}"/>
    public TBuilder AddEndpoint(Type endpointType)
    {
        ArgumentNullException.ThrowIfNull(endpointType);
        return Add(endpointType, endpointType);
    }

    private protected TBuilder Add(object endpoint, Type resolvedType)
    {
        _endpoints.Add(endpoint);
        _endpointTypes.Add(resolvedType);
        return (TBuilder)this;
    }

    /// <summary>Changes the options, starting from the defaults hosting sets (the host's logger factory; for an RPC
    /// server also the executor sized by <see cref="OsloMessagingOptions.ExecutorThreadPoolSize"/> and ping from
    /// <see cref="OsloMessagingOptions.RpcPingEnabled"/>), e.g. <c>o =&gt; o with { PingEnabled = true }</c>. Several
    /// calls apply in order.</summary>
    public TBuilder WithOptions(Func<TOptions, TOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = Configure;
        Configure = previous is null ? configure : o => configure(previous(o));
        return (TBuilder)this;
    }
}
