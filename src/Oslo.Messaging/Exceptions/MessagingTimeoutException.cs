namespace Oslo.Messaging.Exceptions;

/// <summary>
/// The library's own deadline passed: no reply (or, for monitored calls, no heartbeat) in time.
/// A caller's cancellation token never produces this; it produces <see cref="OperationCanceledException"/>.
/// </summary>
[WireIdentity("oslo_messaging.exceptions", "MessagingTimeout")]
public sealed class MessagingTimeoutException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public MessagingTimeoutException(string message, string? messageId = null)
        : base(message)
    {
        MessageId = messageId;
    }

    /// <summary>The <c>_msg_id</c> of the call that timed out, if any.</summary>
    public string? MessageId { get; }
}
