using System.Diagnostics.CodeAnalysis;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>Endpoint selection exactly as oslo's dispatcher (docs/wire-protocol.md, "Dispatch: namespaces and versions"): first endpoint, in order, that accepts the namespace,
/// implements a compatible version and has an allowed method; no "best version" search.</summary>
internal sealed class RpcDispatcher
{
    private readonly EndpointDescriptor[] _endpoints;
    private readonly RpcAccessPolicy _policy;

    /// <summary>Untyped endpoints, bound by reflection (typed <see cref="Contracts.ContractEndpoint"/>s among them are not).</summary>
    [RequiresUnreferencedCode(EndpointDescriptor.Reason)]
    [RequiresDynamicCode(EndpointDescriptor.Reason)]
    public RpcDispatcher(IEnumerable<object> endpoints, RpcAccessPolicy policy, bool pingEnabled)
        : this(DescribeAll(endpoints, EndpointDescriptor.Describe), policy, pingEnabled)
    {
    }

    /// <summary>Typed endpoints only: nothing is reflected.</summary>
    public RpcDispatcher(IEnumerable<Contracts.ContractEndpoint> endpoints, RpcAccessPolicy policy, bool pingEnabled)
        : this(DescribeAll(endpoints, EndpointDescriptor.Describe), policy, pingEnabled)
    {
    }

    /// <summary>A dispatcher over endpoints described already (endpoint types activated per request).</summary>
    public static RpcDispatcher ForDescribed(List<EndpointDescriptor> described, RpcAccessPolicy policy, bool pingEnabled) =>
        new(described, policy, pingEnabled);

    private RpcDispatcher(List<EndpointDescriptor> described, RpcAccessPolicy policy, bool pingEnabled)
    {
        if (pingEnabled && !described.Any(d => d.TryGetMethod(PingEndpoint.MethodName, out _)))
        {
            described.Add(EndpointDescriptor.Describe(new PingEndpoint()));
        }

        _endpoints = [.. described];
        HasActivatedEndpoints = _endpoints.Any(e => e.IsActivated);
        _policy = policy;
        // Ask the policy once per method now, not per call.
        Allowed = _endpoints.SelectMany(e => e.WireNames.Select(n => (e, n)))
            .Where(x => x.e.TryGetMethod(x.n, out var m) && policy.IsAllowed(m.Description))
            .Select(x => (x.e, x.n))
            .ToHashSet();
    }

    private HashSet<(EndpointDescriptor, string)> Allowed { get; }

    /// <summary>True when an endpoint's object comes per request from an activator.</summary>
    public bool HasActivatedEndpoints { get; }

    private static List<EndpointDescriptor> DescribeAll<T>(IEnumerable<T> endpoints, Func<T, EndpointDescriptor> describe)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.Select(e => e is null ? throw new ArgumentException("An endpoint is null", nameof(endpoints)) : describe(e)).ToList();
    }

    /// <summary>Finds the endpoint method for a request.</summary>
    /// <exception cref="NoSuchMethodException">A compatible endpoint exists, none with the method.</exception>
    /// <exception cref="UnsupportedVersionException">No endpoint accepts the namespace and version.</exception>
    /// <exception cref="FormatException">The requested version is not a version (Python raises ValueError).</exception>
    public (EndpointDescriptor Endpoint, EndpointMethod Method) Find(string method, string? ns, string version)
    {
        var compatibleFound = false;
        foreach (var endpoint in _endpoints)
        {
            if (!endpoint.Target.AcceptsNamespace(ns) || !RpcVersion.IsCompatible(endpoint.ParsedVersion, version))
            {
                continue;
            }

            if (endpoint.TryGetMethod(method, out var found) && Allowed.Contains((endpoint, method)))
            {
                return (endpoint, found);
            }

            compatibleFound = true;
        }

        throw compatibleFound ? new NoSuchMethodException(method) : new UnsupportedVersionException(version, method);
    }
}
