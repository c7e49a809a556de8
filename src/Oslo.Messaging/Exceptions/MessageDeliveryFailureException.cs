namespace Oslo.Messaging.Exceptions;

/// <summary>A message could not be handed to the broker within the allowed retries (broker down, channel closed).</summary>
[WireIdentity("oslo_messaging.exceptions", "MessageDeliveryFailure")]
public sealed class MessageDeliveryFailureException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public MessageDeliveryFailureException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
