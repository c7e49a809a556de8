namespace Oslo.Messaging.Notify;

/// <summary>The metadata of a received notification (oslo's <c>metadata</c> dict).</summary>
/// <param name="MessageId">The notifier's <c>message_id</c> (a uuid with dashes), or null if the message had none.</param>
/// <param name="Timestamp">The <c>timestamp</c> as sent (UTC, <c>YYYY-MM-DD HH:MM:SS.ffffff</c>), or null.</param>
public sealed record NotificationMetadata(string? MessageId, string? Timestamp);
