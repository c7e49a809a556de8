namespace Oslo.Messaging.Exceptions;

/// <summary>A target lacks what its use needs; the message is oslo's, e.g. "A topic is required to send".</summary>
[WireIdentity("oslo_messaging.exceptions", "InvalidTarget")]
public sealed class InvalidTargetException : MessagingException
{
    /// <summary>Creates the exception; the text is "<paramref name="reason"/>:<paramref name="target"/>" as in oslo.</summary>
    public InvalidTargetException(string reason, Target target)
        : base($"{reason}:{target}")
    {
        Reason = reason;
        Target = target;
    }

    /// <summary>Why the target is invalid (oslo's message without the target).</summary>
    public string Reason { get; }

    /// <summary>The offending target.</summary>
    public Target Target { get; }
}
