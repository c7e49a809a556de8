using System.Text.Json;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>One notification as every driver receives it: payload already through the serializer, context already
/// reduced to the whitelist.</summary>
internal sealed record OutgoingNotification(
    string MessageId,
    string? PublisherId,
    string EventType,
    NotificationPriority Priority,
    JsonElement Payload,
    string Timestamp,
    KeyValuePair<string, JsonElement>[] Context);
