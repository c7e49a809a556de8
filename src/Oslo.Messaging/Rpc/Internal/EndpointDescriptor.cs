using System.Reflection;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>An endpoint with its target and its methods by wire name, built once when the server is created: either an
/// object serving every request, or a type whose object an <see cref="RpcEndpointActivator"/> creates per request.</summary>
internal sealed class EndpointDescriptor
{
    private readonly Dictionary<string, EndpointMethod> _methods;
    private readonly object? _instance;

    private EndpointDescriptor(Type type, object? instance, Target target, Dictionary<string, EndpointMethod> methods)
    {
        EndpointType = type;
        _instance = instance;
        Target = target;
        _methods = methods;
        ParsedVersion = target.Version ?? RpcVersion.Default;
    }

    /// <summary>The endpoint's type (the object's own type for an instance endpoint).</summary>
    public Type EndpointType { get; }

    /// <summary>True when each request gets its object from the server's <see cref="RpcEndpointActivator"/>.</summary>
    public bool IsActivated => _instance is null;

    /// <summary>The object serving every request.</summary>
    /// <exception cref="InvalidOperationException">The endpoint is activated per request.</exception>
    public object Instance => _instance ?? throw new InvalidOperationException($"Endpoint {EndpointType.Name} is created per request by the server's activator");

    public Target Target { get; }

    /// <summary>The implemented version, "1.0" when the endpoint declares none.</summary>
    public string ParsedVersion { get; }

    public IEnumerable<string> WireNames => _methods.Keys;

    public bool TryGetMethod(string wireName, out EndpointMethod method) => _methods.TryGetValue(wireName, out method!);

    /// <summary>
    /// Describes an endpoint: every public instance method whose first parameter is <see cref="RequestContext"/> is an
    /// RPC method (other public methods are not reachable), named by <see cref="RpcMethodAttribute"/> or snake_case.
    /// </summary>
    /// <exception cref="ArgumentException">Two methods share a wire name, a method has ref/out parameters, or there is no RPC method.</exception>
    public static EndpointDescriptor Describe(object endpoint) => Describe(endpoint.GetType(), endpoint);

    /// <summary>Describes an endpoint type whose objects an <see cref="RpcEndpointActivator"/> creates per request.</summary>
    /// <exception cref="ArgumentException">As <see cref="Describe(object)"/>; or the type is an abstract class or an open generic.</exception>
    public static EndpointDescriptor DescribeType(Type type)
    {
        if (type.IsAbstract && !type.IsInterface || type.ContainsGenericParameters)
        {
            throw new ArgumentException($"Endpoint type {type.Name} is an abstract class or an open generic; register a concrete type (or an interface the activator resolves)");
        }

        return Describe(type, instance: null);
    }

    private static EndpointDescriptor Describe(Type type, object? instance)
    {
        var declared = type.GetCustomAttribute<RpcEndpointAttribute>(inherit: true);
        var target = new Target(@namespace: declared?.Namespace, version: declared?.Version, legacyNamespaces: declared?.LegacyNamespaces);
        if (target.Version is { } version && !RpcVersion.IsWellFormed(version))
        {
            throw new ArgumentException($"Endpoint {type.Name} declares version '{version}'; expected \"X.Y[.Z]\"");
        }

        var methods = new Dictionary<string, EndpointMethod>(StringComparer.Ordinal);
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            var parameters = method.GetParameters();
            if (method.IsSpecialName || method.IsGenericMethodDefinition || parameters.Length == 0 || parameters[0].ParameterType != typeof(RequestContext))
            {
                continue;
            }

            if (parameters.Any(p => p.ParameterType.IsByRef))
            {
                throw new ArgumentException($"Endpoint method {type.Name}.{method.Name} has a ref/out parameter; RPC arguments are passed by value");
            }

            var wireName = method.GetCustomAttribute<RpcMethodAttribute>(inherit: true)?.Name ?? Internal.WireNames.ForMethod(method.Name);
            if (methods.ContainsKey(wireName))
            {
                throw new ArgumentException($"Endpoint {type.Name} has two methods named '{wireName}' on the wire; rename one with [RpcMethod]");
            }

            var (invoke, resultType) = InvokerCompiler.Compile(method);
            methods.Add(wireName, new EndpointMethod(method, wireName, invoke, resultType));
        }

        if (methods.Count == 0)
        {
            throw NoRpcMethod(type);
        }

        return new EndpointDescriptor(type, instance, target, methods);
    }

    /// <summary>An endpoint without RPC methods is a mistake (most often the <see cref="RequestContext"/> parameter
    /// forgotten): say so when the server is created rather than answer every call with NoSuchMethod.</summary>
    private static ArgumentException NoRpcMethod(Type type)
    {
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType != typeof(object) && !m.IsSpecialName && m.GetBaseDefinition().DeclaringType != typeof(object))
            .Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})")
            .Take(3)
            .ToList();
        return new ArgumentException(
            $"Endpoint {type.Name} has no RPC method: an RPC method is a public instance method whose first parameter is a RequestContext" +
            (candidates.Count > 0 ? $" ({string.Join(", ", candidates)} take none)" : ""));
    }
}
