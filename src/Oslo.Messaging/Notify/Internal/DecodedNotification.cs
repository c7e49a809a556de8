namespace Oslo.Messaging.Notify.Internal;

/// <summary>A decoded notification, or why it could not be decoded.</summary>
internal readonly record struct DecodedNotification(ReceivedNotification? Notification, string? Problem);
