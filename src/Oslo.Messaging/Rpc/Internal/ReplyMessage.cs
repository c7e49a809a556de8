using System.Text.Json;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>A decoded reply or heartbeat.</summary>
internal sealed record ReplyMessage(string MessageId, JsonElement Value, string? Failure, bool Ending)
{
    public bool HasResult => Value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>oslo's heartbeat: not ending, no result, no failure.</summary>
    public bool IsHeartbeat => !Ending && !HasResult && Failure is null;
}
