namespace Oslo.Messaging.Contracts;

/// <summary>The contract version that introduced a method ("X.Y"): the proxy sends it as the request's version (as
/// oslo's <c>client.prepare(version='1.1')</c>), so a server older than that answers <c>UnsupportedVersion</c> and a
/// client's version cap refuses it before sending (<see cref="Rpc.RpcClient.CanSendVersion"/>).</summary>
/// <param name="version">"X.Y[.Z]"; its major must be the contract's.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RpcSinceAttribute(string version) : Attribute
{
    /// <summary>The version.</summary>
    public string Version { get; } = version;
}
