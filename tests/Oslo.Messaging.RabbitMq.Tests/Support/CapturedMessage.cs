using System.Text;
using System.Text.Json;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>One message as a raw RabbitMQ.Client consumer saw it.</summary>
public sealed record CapturedMessage(
    string Exchange,
    string RoutingKey,
    string? ContentType,
    string? ContentEncoding,
    byte DeliveryMode,
    byte Priority,
    IReadOnlyDictionary<string, object?>? Headers,
    string? Expiration,
    bool CorrelationIdPresent,
    bool ReplyToPresent,
    bool MessageIdPresent,
    byte[] Body,
    string? ReplyTo = null)
{
    /// <summary>The envelope's top-level key names, in order.</summary>
    public IReadOnlyList<string> EnvelopeKeys()
    {
        using var document = JsonDocument.Parse(Body);
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>The message inside the v2 envelope (the parsed <c>oslo.message</c> string).</summary>
    public JsonElement Message()
    {
        using var document = JsonDocument.Parse(Body);
        return JsonElement.Parse(document.RootElement.GetProperty("oslo.message").GetString()!);
    }

    /// <summary>The key names of the message inside the envelope, in order.</summary>
    public IReadOnlyList<string> MessageKeys() => [.. Message().EnumerateObject().Select(p => p.Name)];

    public override string ToString() => $"{Exchange}/{RoutingKey}: {Encoding.UTF8.GetString(Body)}";
}
