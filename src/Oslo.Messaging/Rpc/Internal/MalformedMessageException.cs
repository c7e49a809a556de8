using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// A received message is not a valid oslo message (bad JSON, args not an object, no method ...).
/// Travels back to the caller, when the message has a reply address, as Python's <c>TypeError</c>/<c>ValueError</c> would.
/// </summary>
[WireIdentity("oslo_messaging.exceptions", "MessagingException")]
internal sealed class MalformedMessageException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public MalformedMessageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
