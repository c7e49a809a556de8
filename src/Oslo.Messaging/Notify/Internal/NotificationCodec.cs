using System.Text.Json;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Rpc.Internal;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>Encodes a notification (docs/wire-protocol.md, "Notifications") in oslo's key order: message_id,
/// publisher_id, event_type, priority, payload, timestamp, _unique_id, _context_*.</summary>
internal static class NotificationCodec
{
    /// <summary>Writes the message with a fresh <c>_unique_id</c> (one per publish, as oslo), enveloped for
    /// <c>messagingv2</c> or bare for <c>messaging</c>.</summary>
    public static void Encode(PooledBufferWriter output, OutgoingNotification notification, bool envelope)
    {
        if (!envelope)
        {
            WriteMessage(output, notification, MessageIds.New());
            return;
        }

        using var inner = new PooledBufferWriter(1024);
        WriteMessage(inner, notification, MessageIds.New());
        Envelope.Wrap(inner.WrittenSpan, output);
    }

    /// <summary>The message as a JSON object (for the log and test drivers), with the given <c>_unique_id</c>.</summary>
    public static JsonElement ToElement(OutgoingNotification notification, string uniqueId)
    {
        using var buffer = new PooledBufferWriter(1024);
        WriteMessage(buffer, notification, uniqueId);
        return JsonElement.Parse(buffer.WrittenSpan);
    }

    private static void WriteMessage(PooledBufferWriter output, OutgoingNotification n, string uniqueId)
    {
        var writer = WireJson.RentWriter(output);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("message_id"u8, n.MessageId);
            writer.WriteString("publisher_id"u8, n.PublisherId);
            writer.WriteString("event_type"u8, n.EventType);
            writer.WriteString("priority"u8, NotificationPriorities.WireName(n.Priority));
            writer.WritePropertyName("payload"u8);
            n.Payload.WriteTo(writer);
            writer.WriteString("timestamp"u8, n.Timestamp);
            writer.WriteString("_unique_id"u8, uniqueId);
            foreach (var (key, value) in n.Context)
            {
                writer.WritePropertyName("_context_" + key);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            WireJson.ReturnWriter(writer);
        }
    }
}
