using System.Text.Json;

namespace Oslo.Messaging.Notify;

/// <summary>One notification a <see cref="TestNotificationDriver"/> recorded, as it would have been sent.</summary>
/// <param name="Priority">The priority.</param>
/// <param name="PublisherId">The publisher id, or null.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Payload">The payload after the serializer.</param>
/// <param name="Context">The context as sent (reduced to the keys a notification carries).</param>
/// <param name="MessageId">The <c>message_id</c>.</param>
/// <param name="Timestamp">The <c>timestamp</c>.</param>
/// <param name="Topics">The topics it would have been published to.</param>
/// <param name="Message">The whole message object, as the <c>messaging</c> driver would send it.</param>
public sealed record SentNotification(
    NotificationPriority Priority,
    string? PublisherId,
    string EventType,
    JsonElement Payload,
    RequestContext Context,
    string MessageId,
    string Timestamp,
    IReadOnlyList<string> Topics,
    JsonElement Message);
