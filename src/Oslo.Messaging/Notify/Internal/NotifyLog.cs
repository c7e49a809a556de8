using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Notify.Internal;

internal static partial class NotifyLog
{
    [LoggerMessage(EventId = 200, Message = "{Notification}")]
    public static partial void Notification(ILogger logger, LogLevel level, string notification);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Could not send notification {EventType} ({Priority}) with driver {Driver}: {Reason}")]
    public static partial void SendFailed(ILogger logger, string eventType, string priority, string driver, string reason, Exception exception);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Dropped a malformed notification from {Source}: {Reason} ({Length} bytes)")]
    public static partial void Malformed(ILogger logger, string source, string reason, int length);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Unknown notification priority \"{Priority}\" from {Source}; acknowledged")]
    public static partial void UnknownPriority(ILogger logger, string? priority, string source);

    [LoggerMessage(EventId = 212, Level = LogLevel.Error, Message = "Notification endpoint {Endpoint}.{Method} failed on {EventType}; counted as requeue")]
    public static partial void EndpointFailed(ILogger logger, string endpoint, string method, string? eventType, Exception exception);

    [LoggerMessage(EventId = 213, Level = LogLevel.Warning, Message = "Notification {MessageId} ({EventType}) asked to be requeued, but the listener does not allow requeue; acknowledged")]
    public static partial void RequeueRefused(ILogger logger, string? messageId, string? eventType);
}
