namespace Oslo.Messaging.Exceptions;

/// <summary>The message's version is above the client's version cap (oslo's <c>RPCVersionCapError</c>).</summary>
[WireIdentity("oslo_messaging.rpc.client", "RPCVersionCapError")]
public sealed class RpcVersionCapException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public RpcVersionCapException(string? version, string versionCap)
        : base($"Requested message version, {version ?? "None"} is incompatible.  It needs to be equal in major version and less than or equal in minor version as the specified version cap {versionCap}.")
    {
        Version = version;
        VersionCap = versionCap;
    }

    /// <summary>The requested version (may be null: a cap with no target version always fails, as in oslo).</summary>
    public string? Version { get; }

    /// <summary>The cap.</summary>
    public string VersionCap { get; }
}
