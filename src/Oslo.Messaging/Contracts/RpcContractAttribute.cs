namespace Oslo.Messaging.Contracts;

/// <summary>
/// Marks an interface as an RPC contract. The Oslo.Messaging.Generators source generator then emits, next to the
/// interface, a client proxy (<c>IComputeApi</c> → <c>ComputeApiClient</c>, also reachable as
/// <c>client.For&lt;IComputeApi&gt;()</c>) and a server endpoint (<c>ComputeApiEndpoint</c>) that binds arguments
/// without reflection. See docs/typed-contracts.md.
/// </summary>
/// <param name="topic">The topic clients send to and servers listen on.</param>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class RpcContractAttribute(string topic) : Attribute
{
    /// <summary>The topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>The namespace of the contract's methods; null (default) is the null namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>The version a server implementing the contract serves, "X.Y"; null (default) means "1.0". Clients
    /// send a method's <see cref="RpcSinceAttribute"/> version, or the major of this one with minor 0, so older
    /// servers of the same major still accept the methods they have.</summary>
    public string? Version { get; set; }

    /// <summary>Every method must take a <see cref="RequestContext"/> first (diagnostic OSLOGEN004 otherwise). Default false:
    /// a method without one sends an empty context.</summary>
    public bool RequireContext { get; set; }

    /// <summary>A <c>System.Text.Json.Serialization.JsonSerializerContext</c> holding the metadata of the contract's
    /// argument and result types (beyond the built-in ones), so serialization needs no reflection (Native AOT).</summary>
    public Type? JsonContext { get; set; }
}
