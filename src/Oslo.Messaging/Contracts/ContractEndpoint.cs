namespace Oslo.Messaging.Contracts;

/// <summary>
/// An endpoint whose methods are bound at compile time: the base of the <c>XxxEndpoint</c> classes that
/// Oslo.Messaging.Generators emits for an <see cref="RpcContractAttribute"/> interface. A server built from these
/// (<see cref="Rpc.RpcServer(Transports.Transport, Target, IEnumerable{ContractEndpoint}, Rpc.RpcServerOptions?)"/>)
/// uses no reflection and no runtime code generation, so it runs under Native AOT.
/// </summary>
public abstract class ContractEndpoint
{
    /// <summary>Describes an endpoint serving one object (called by generated code).</summary>
    /// <param name="instance">The object implementing the contract.</param>
    /// <param name="namespace">The namespace served; null is the null namespace.</param>
    /// <param name="version">The version served, "X.Y[.Z]"; null means "1.0".</param>
    /// <param name="methods">The methods by wire name.</param>
    /// <exception cref="ArgumentException">Two methods share a wire name, or the version is malformed.</exception>
    protected ContractEndpoint(object instance, string? @namespace, string? version, IReadOnlyList<ContractMethod> methods)
        : this(instance ?? throw new ArgumentNullException(nameof(instance)), instance.GetType(), @namespace, version, methods)
    {
    }

    /// <summary>Describes an endpoint whose object, of <paramref name="implementationType"/>, a server's
    /// <see cref="Rpc.RpcEndpointActivator"/> creates per request (called by generated code).</summary>
    /// <param name="implementationType">The type the activator is asked for; it implements <paramref name="contractType"/>.</param>
    /// <param name="contractType">The contract interface.</param>
    /// <param name="namespace">The namespace served; null is the null namespace.</param>
    /// <param name="version">The version served, "X.Y[.Z]"; null means "1.0".</param>
    /// <param name="methods">The methods by wire name.</param>
    /// <exception cref="ArgumentException"><paramref name="implementationType"/> does not implement the contract, or is
    /// an abstract class; two methods share a wire name; or the version is malformed.</exception>
    protected ContractEndpoint(Type implementationType, Type contractType, string? @namespace, string? version, IReadOnlyList<ContractMethod> methods)
        : this(instance: null, implementationType, @namespace, version, methods)
    {
        ArgumentNullException.ThrowIfNull(contractType);
        if (!contractType.IsAssignableFrom(implementationType) || implementationType.IsAbstract && !implementationType.IsInterface)
        {
            throw new ArgumentException(
                $"{implementationType.Name} cannot serve {contractType.Name} per request: it must be a concrete class implementing it (or the interface itself, resolved by the activator)",
                nameof(implementationType));
        }
    }

    private ContractEndpoint(object? instance, Type implementationType, string? @namespace, string? version, IReadOnlyList<ContractMethod> methods)
    {
        ArgumentNullException.ThrowIfNull(implementationType);
        ArgumentNullException.ThrowIfNull(methods);
        if (version is not null && !Rpc.RpcVersion.IsWellFormed(version))
        {
            throw new ArgumentException($"Contract endpoint {GetType().Name} declares version '{version}'; expected \"X.Y[.Z]\"", nameof(version));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in methods)
        {
            if (!names.Add(method.WireName))
            {
                throw new ArgumentException($"Contract endpoint {GetType().Name} has two methods named '{method.WireName}' on the wire", nameof(methods));
            }
        }

        ImplementationType = implementationType;
        Instance = instance;
        Namespace = @namespace;
        Version = version;
        Methods = methods;
    }

    /// <summary>An endpoint of <typeparamref name="TContract"/> whose object, a <typeparamref name="TImplementation"/>,
    /// the server's <see cref="Rpc.RpcEndpointActivator"/> creates per request (one dependency-injection scope per
    /// request in Oslo.Messaging.Hosting); dispatch is the contract's generated code, no reflection. Serve it with
    /// <see cref="Rpc.RpcServer(Transports.Transport, Target, IEnumerable{ContractEndpoint}, Rpc.RpcEndpointActivator, Rpc.RpcServerOptions?)"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TContract"/> has no generated endpoint (not an
    /// [RpcContract] interface, or the generator is not referenced where it is declared).</exception>
    public static ContractEndpoint PerRequest<TContract, TImplementation>()
        where TContract : class
        where TImplementation : class, TContract =>
        ContractRegistry.CreateEndpoint<TContract>(typeof(TImplementation));

    /// <summary>The object implementing the contract; null when the server's activator creates one per request.</summary>
    public object? Instance { get; }

    /// <summary>The type of the object serving requests: the instance's, or the one the activator is asked for.</summary>
    public Type ImplementationType { get; }

    /// <summary>The namespace served; null is the null namespace.</summary>
    public string? Namespace { get; }

    /// <summary>The version served; null means "1.0".</summary>
    public string? Version { get; }

    /// <summary>The methods.</summary>
    public IReadOnlyList<ContractMethod> Methods { get; }
}
