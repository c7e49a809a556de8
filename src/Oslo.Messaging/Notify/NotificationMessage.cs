namespace Oslo.Messaging.Notify;

/// <summary>One notification of a batch handed to a batch listener's endpoint method (oslo's message dict with
/// <c>ctxt</c>, <c>publisher_id</c>, <c>event_type</c>, <c>payload</c> and <c>metadata</c>).</summary>
/// <typeparam name="TPayload">The type the endpoint method binds payloads to (<see cref="System.Text.Json.JsonElement"/> for raw JSON).</typeparam>
/// <param name="Context">The sender's context (whitelisted keys only, plus <c>client_timeout</c> as oslo adds).</param>
/// <param name="PublisherId">The publisher id, or null if the message had none.</param>
/// <param name="EventType">The event type, or null if the message had none.</param>
/// <param name="Payload">The payload, bound through the listener's serializer.</param>
/// <param name="Metadata">The message id and timestamp.</param>
public sealed record NotificationMessage<TPayload>(RequestContext Context, string? PublisherId, string? EventType, TPayload Payload,
    NotificationMetadata Metadata);
