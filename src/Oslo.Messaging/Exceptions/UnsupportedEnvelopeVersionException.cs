namespace Oslo.Messaging.Exceptions;

/// <summary>A message's <c>oslo.version</c> envelope is not compatible with 2.0; a call whose reply comes in such an envelope fails with it.</summary>
[WireIdentity("oslo_messaging._drivers.common", "UnsupportedRpcEnvelopeVersion")]
public sealed class UnsupportedEnvelopeVersionException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedEnvelopeVersionException(string version)
        : base($"Unsupported RPC envelope version: {version}")
    {
        Version = version;
    }

    /// <summary>The envelope version received.</summary>
    public string Version { get; }
}
