using System.Text.Json;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Support;

/// <summary>One message a <see cref="RecordingDriver"/> was asked to send.</summary>
internal sealed record SentMessage(Destination Destination, byte[] Body, SendOptions Options)
{
    /// <summary>The message inside the envelope.</summary>
    public JsonElement Message => OsloWire.Open(Body);

    /// <summary>The message's keys in the order they were written.</summary>
    public string[] Keys => [.. Message.EnumerateObject().Select(p => p.Name)];
}
