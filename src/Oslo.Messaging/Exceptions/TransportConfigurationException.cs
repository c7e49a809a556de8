namespace Oslo.Messaging.Exceptions;

/// <summary>A transport option (from the URL query or an options object) is unknown or has an invalid value.</summary>
[WireIdentity("oslo_messaging.exceptions", "ConfigurationError")]
public sealed class TransportConfigurationException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public TransportConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
