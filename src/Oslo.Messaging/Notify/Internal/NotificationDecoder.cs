using System.Text.Json;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>
/// Reads a received notification (docs/wire-protocol.md, "Notifications"): the v2 envelope or a bare v1 message, the
/// priority, the <c>_context_*</c> keys through the serializer's context hook, payload and metadata. Never throws: a body
/// it cannot read, or a serializer hook that throws on it, comes back as a problem to log.
/// </summary>
internal static class NotificationDecoder
{
    /// <summary>Decodes <paramref name="body"/>; the result does not reference the body's memory.</summary>
    public static DecodedNotification Decode(ReadOnlySpan<byte> body, RpcSerializer serializer)
    {
        var opened = Envelope.Open(body);
        var problem = opened.Problem
            ?? (opened.UnsupportedVersion is { } version ? $"unsupported envelope version {version}" : null)
            ?? (opened.Message.ValueKind != JsonValueKind.Object ? "the message is not a JSON object" : null);
        if (problem is not null)
        {
            return new DecodedNotification(null, problem);
        }

        var message = opened.Message;
        var priorityName = StringOf(message, "priority");
        if (NotificationPriorities.Parse(priorityName) is not { } priority)
        {
            return new DecodedNotification(null, priorityName is null ? "no priority" : $"unknown priority \"{Shorten(priorityName)}\"");
        }

        RequestContext context;
        try
        {
            context = new RequestContext();
            foreach (var property in message.EnumerateObject())
            {
                if (property.Name.StartsWith("_context_", StringComparison.Ordinal))
                {
                    context[property.Name["_context_".Length..]] = property.Value;
                }
            }

            context[RequestContext.ClientTimeoutKey] = WireJson.Null; // as oslo's listener adds client_timeout: None
            context = serializer.DeserializeContext(context) ?? throw new InvalidOperationException("the serializer returned no context");
        }
        catch (Exception ex)
        {
            // The serializer is the application's: whatever it throws on a peer's context is this message's problem.
            return new DecodedNotification(null, $"the context could not be read ({ex.GetType().Name}: {ex.Message})");
        }

        var payload = message.TryGetProperty("payload", out var p) ? p : WireJson.Null;
        var metadata = new NotificationMetadata(StringOf(message, "message_id"), StringOf(message, "timestamp"));
        return new DecodedNotification(
            new ReceivedNotification(priority, context, StringOf(message, "publisher_id"), StringOf(message, "event_type"), payload, metadata), null);
    }

    private static string? StringOf(JsonElement body, string key) =>
        body.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A peer's string as it may appear in a log line: at most 64 characters.</summary>
    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
