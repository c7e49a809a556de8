namespace Oslo.Messaging.Exceptions;

/// <summary>A mandatory message had no route (no queue bound): the broker returned it.</summary>
/// <remarks>In oslo this is not a MessagingException; here it is, so one catch covers the library.</remarks>
[WireIdentity("oslo_messaging.exceptions", "MessageUndeliverable")]
public sealed class MessageUndeliverableException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public MessageUndeliverableException(string exchange, string routingKey, string reason)
        : base($"Message undeliverable ({reason}): exchange '{exchange}', routing key '{routingKey}'")
    {
        Exchange = exchange;
        RoutingKey = routingKey;
    }

    /// <summary>The exchange the message was published to ("" = default exchange).</summary>
    public string Exchange { get; }

    /// <summary>The routing key that had no route.</summary>
    public string RoutingKey { get; }
}
