namespace Oslo.Messaging.Exceptions;

/// <summary>
/// The request's arguments do not fit the endpoint method (missing, unexpected or of the wrong type);
/// travels as Python's <c>TypeError</c>, which is what an oslo server answers in the same case.
/// </summary>
[WireIdentity("builtins", "TypeError")]
public sealed class RpcArgumentException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public RpcArgumentException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
