using System.Text.Encodings.Web;
using System.Text.Json;
using Oslo.Messaging.Cli.Status;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Cli.Listen;

/// <summary>Writes each received notification as one line: a JSON object (default) or a readable summary; counts it in
/// <paramref name="count"/> (stderr's live count), if any.</summary>
internal sealed class NotificationPrinter(TextWriter output, bool pretty, LiveCount? count = null)
{
    // Source-generated metadata (CliJson): the native oslomsg has no reflection-based JSON.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = CliJson.Default };
    private readonly Lock _lock = new(); // queues of several priorities are consumed concurrently: whole lines only

    public void Print(string priority, RequestContext context, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata)
    {
        var line = pretty
            ? $"{metadata.Timestamp} {priority.ToUpperInvariant()} {publisherId} {eventType} {JsonSerializer.Serialize(payload, Json.GetTypeInfo(typeof(JsonElement)))}"
            : JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["priority"] = priority,
                ["publisher_id"] = publisherId,
                ["event_type"] = eventType,
                ["timestamp"] = metadata.Timestamp,
                ["message_id"] = metadata.MessageId,
                ["context"] = context.Where(p => p.Key != RequestContext.ClientTimeoutKey).ToDictionary(),
                ["payload"] = payload,
            }, Json.GetTypeInfo(typeof(Dictionary<string, object?>)));
        lock (_lock)
        {
            if (count is null)
            {
                Write(line);
            }
            else
            {
                count.WriteAbove(() => Write(line));
                count.Increment();
            }
        }
    }

    private void Write(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
