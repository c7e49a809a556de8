using System.Text.Json;

namespace Oslo.Messaging.Tests.Support;

/// <summary>Hand-made reply bodies, as a Python server would send them.</summary>
internal static class Replies
{
    public static string Envelope(string messageJson) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["oslo.version"] = "2.0", ["oslo.message"] = messageJson });

    public static string Result(string msgId, string resultJson, bool ending = true) =>
        Envelope($"{{\"result\": {resultJson}, \"failure\": null, \"ending\": {(ending ? "true" : "false")}, \"_msg_id\": \"{msgId}\", \"_unique_id\": \"{Guid.NewGuid():N}\"}}");

    public static string Failure(string msgId, string failureJson) =>
        Envelope($"{{\"result\": null, \"failure\": {JsonSerializer.Serialize(failureJson)}, \"ending\": true, \"_msg_id\": \"{msgId}\", \"_unique_id\": \"{Guid.NewGuid():N}\"}}");

    public static string Heartbeat(string msgId) => Result(msgId, "null", ending: false);
}
