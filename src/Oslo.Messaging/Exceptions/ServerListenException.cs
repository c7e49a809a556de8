namespace Oslo.Messaging.Exceptions;

/// <summary>The transport could not start listening for a server's target (oslo's <c>ServerListenError</c>).</summary>
[WireIdentity("oslo_messaging.server", "ServerListenError")]
public sealed class ServerListenException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public ServerListenException(Target target, Exception innerException)
        : base($"Failed to listen on target {target}: {innerException.Message}", innerException)
    {
        Target = target;
    }

    /// <summary>The target the server tried to listen on.</summary>
    public Target Target { get; }
}
