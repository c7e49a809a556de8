namespace Oslo.Messaging.Exceptions;

/// <summary>No endpoint accepts the request's namespace and version.</summary>
[WireIdentity("oslo_messaging.rpc.dispatcher", "UnsupportedVersion")]
public sealed class UnsupportedVersionException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedVersionException(string version, string? method)
        : base($"Endpoint does not support RPC version {version}. Attempted method: {method}")
    {
        Version = version;
        Method = method;
        WireKwargs = new Dictionary<string, object?> { ["method"] = method };
    }

    /// <summary>The requested version.</summary>
    public string Version { get; }

    /// <summary>The requested method.</summary>
    public string? Method { get; }

    /// <summary>Sent as <c>[version]</c> with kwargs <c>{method}</c>: Python rebuilds <c>UnsupportedVersion(version, method=m)</c>.</summary>
    public override IReadOnlyList<object?> WireArgs => [Version];

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> WireKwargs { get; }
}
