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

    [LoggerMessage(EventId = 212, Level = LogLevel.Error, Message = "Notification endpoint {Endpoint}.{Method} failed on {EventType}; counted as requeue")]
    public static partial void EndpointFailed(ILogger logger, string endpoint, string method, string? eventType, Exception exception);

    [LoggerMessage(EventId = 213, Level = LogLevel.Warning, Message = "Notification {MessageId} ({EventType}) asked to be requeued, but the listener does not allow requeue; acknowledged")]
    public static partial void RequeueRefused(ILogger logger, string? messageId, string? eventType);

    [LoggerMessage(EventId = 214, Level = LogLevel.Warning, Message = "Dropped notification {MessageId} ({EventType}): its payload does not bind to {PayloadType} of {Endpoint}.{Method}; acknowledged")]
    public static partial void PayloadNotBound(ILogger logger, string? messageId, string? eventType, string payloadType, string endpoint, string method, Exception exception);

    [LoggerMessage(EventId = 215, Level = LogLevel.Warning, Message = "Dropped notification {MessageId} ({EventType}): the filter of {Endpoint} took longer than {Seconds} s on it; acknowledged without the remaining endpoints")]
    public static partial void FilterTimedOut(ILogger logger, string endpoint, string? messageId, string? eventType, double seconds);

    [LoggerMessage(EventId = 216, Level = LogLevel.Error, Message = "Notification endpoint {Endpoint}.{Method} failed on a batch of {Count}; counted as requeue")]
    public static partial void BatchEndpointFailed(ILogger logger, string endpoint, string method, int count, Exception exception);

    [LoggerMessage(EventId = 217, Level = LogLevel.Error, Message = "Processing notifications crashed (a defect); those not settled yet are acknowledged")]
    public static partial void ProcessingCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 218, Level = LogLevel.Warning, Message = "Disposing a notification's endpoint scope failed; the notification is settled as its endpoints decided")]
    public static partial void ScopeDisposeFailed(ILogger logger, Exception exception);
}
