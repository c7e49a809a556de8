namespace Oslo.Messaging.Exceptions;

/// <summary>A transport URL cannot be parsed or names no known driver. The URL in the message has its password masked.</summary>
[WireIdentity("oslo_messaging.transport", "InvalidTransportURL")]
public sealed class InvalidTransportUrlException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public InvalidTransportUrlException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
