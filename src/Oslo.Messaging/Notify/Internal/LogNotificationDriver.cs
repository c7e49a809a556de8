using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Serialization.Internal;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>oslo's <c>log</c> driver: the message as JSON to the logger <c>oslo.messaging.notification.&lt;event_type&gt;</c>.</summary>
internal sealed class LogNotificationDriver() : NotificationDriver("log")
{
    internal override ValueTask SendAsync(OutgoingNotification notification, NotificationSendScope scope, CancellationToken cancellationToken)
    {
        var logger = scope.LoggerFactory.CreateLogger("oslo.messaging.notification." + notification.EventType);
        var level = notification.Priority switch
        {
            NotificationPriority.Debug => LogLevel.Debug,
            NotificationPriority.Warn => LogLevel.Warning,
            NotificationPriority.Error => LogLevel.Error,
            NotificationPriority.Critical => LogLevel.Critical,
            _ => LogLevel.Information,
        };
        if (logger.IsEnabled(level))
        {
            var message = NotificationCodec.ToElement(notification with { Payload = SecretMask.Mask(notification.Payload) }, MessageIds.New());
            var text = JsonSerializer.Serialize(message, PlainJson.Info<JsonElement>());
            NotifyLog.Notification(logger, level, text);
        }

        return ValueTask.CompletedTask;
    }
}
