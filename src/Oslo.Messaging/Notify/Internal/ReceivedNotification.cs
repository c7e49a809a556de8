using System.Text.Json;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>A decoded notification, before the endpoints see it.</summary>
internal sealed record ReceivedNotification(
    NotificationPriority Priority,
    RequestContext Context,
    string? PublisherId,
    string? EventType,
    JsonElement Payload,
    NotificationMetadata Metadata);
