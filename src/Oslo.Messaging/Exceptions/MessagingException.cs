namespace Oslo.Messaging.Exceptions;

/// <summary>Base of every exception this library throws; oslo's <c>MessagingException</c>.</summary>
[WireIdentity("oslo_messaging.exceptions", "MessagingException")]
public class MessagingException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public MessagingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public MessagingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Positional arguments sent in the failure's <c>args</c> so a Python peer can rebuild the exception.</summary>
    public virtual IReadOnlyList<object?> WireArgs => [Message];

    /// <summary>Keyword arguments sent in the failure's <c>kwargs</c>.</summary>
    public virtual IReadOnlyDictionary<string, object?> WireKwargs { get; } = new Dictionary<string, object?>();
}
