namespace Oslo.Messaging.Exceptions;

/// <summary>No endpoint compatible with the request's namespace and version has (or exposes) the method.</summary>
[WireIdentity("oslo_messaging.rpc.dispatcher", "NoSuchMethod")]
public sealed class NoSuchMethodException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public NoSuchMethodException(string method)
        : base($"Endpoint does not support RPC method {method}")
    {
        Method = method;
    }

    /// <summary>The requested method.</summary>
    public string Method { get; }

    /// <summary>Sent as <c>[method]</c> so a Python client rebuilds <c>NoSuchMethod(method)</c> with the same text.</summary>
    public override IReadOnlyList<object?> WireArgs => [Method];
}
