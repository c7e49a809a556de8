namespace Oslo.Messaging.Contracts;

/// <summary>
/// An endpoint whose methods are bound at compile time: the base of the <c>XxxEndpoint</c> classes that
/// Oslo.Messaging.Generators emits for an <see cref="RpcContractAttribute"/> interface. A server built from these
/// (<see cref="Rpc.RpcServer(Transports.Transport, Target, IEnumerable{ContractEndpoint}, Rpc.RpcServerOptions?)"/>)
/// uses no reflection and no runtime code generation, so it runs under Native AOT.
/// </summary>
public abstract class ContractEndpoint
{
    /// <summary>Describes the endpoint (called by generated code).</summary>
    /// <param name="instance">The object implementing the contract.</param>
    /// <param name="namespace">The namespace served; null is the null namespace.</param>
    /// <param name="version">The version served, "X.Y[.Z]"; null means "1.0".</param>
    /// <param name="methods">The methods by wire name.</param>
    /// <exception cref="ArgumentException">Two methods share a wire name, or the version is malformed.</exception>
    protected ContractEndpoint(object instance, string? @namespace, string? version, IReadOnlyList<ContractMethod> methods)
    {
        ArgumentNullException.ThrowIfNull(instance);
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

        Instance = instance;
        Namespace = @namespace;
        Version = version;
        Methods = methods;
    }

    /// <summary>The object implementing the contract.</summary>
    public object Instance { get; }

    /// <summary>The namespace served; null is the null namespace.</summary>
    public string? Namespace { get; }

    /// <summary>The version served; null means "1.0".</summary>
    public string? Version { get; }

    /// <summary>The methods.</summary>
    public IReadOnlyList<ContractMethod> Methods { get; }
}
