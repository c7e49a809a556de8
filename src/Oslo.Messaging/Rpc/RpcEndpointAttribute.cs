namespace Oslo.Messaging.Rpc;

/// <summary>
/// Declares the interface an endpoint class implements (oslo's endpoint <c>target</c> attribute):
/// its namespace (null = the null namespace), version (null = "1.0") and legacy namespaces.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RpcEndpointAttribute : Attribute
{
    /// <summary>The namespace; null is the null namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>The implemented version "X.Y[.Z]"; null means "1.0".</summary>
    public string? Version { get; set; }

    /// <summary>Further namespaces accepted (rolling upgrades).</summary>
    public string[] LegacyNamespaces { get; set; } = [];
}
