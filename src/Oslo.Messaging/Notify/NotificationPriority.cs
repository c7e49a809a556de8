namespace Oslo.Messaging.Notify;

/// <summary>The priority of a notification; on the wire upper case in the message (<c>"INFO"</c>) and lower case in
/// the routing key (<c>notifications.info</c>). oslo's <c>warning</c> is <see cref="Warn"/>.</summary>
public enum NotificationPriority
{
    /// <summary><c>AUDIT</c>.</summary>
    Audit,

    /// <summary><c>DEBUG</c>.</summary>
    Debug,

    /// <summary><c>INFO</c>.</summary>
    Info,

    /// <summary><c>WARN</c> (oslo's <c>warn</c> and <c>warning</c>).</summary>
    Warn,

    /// <summary><c>ERROR</c>.</summary>
    Error,

    /// <summary><c>CRITICAL</c>.</summary>
    Critical,

    /// <summary><c>SAMPLE</c>.</summary>
    Sample,
}
