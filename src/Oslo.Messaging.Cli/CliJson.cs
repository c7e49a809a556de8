using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oslo.Messaging.Cli;

/// <summary>Source-generated JSON metadata for what the CLI itself writes (Native AOT has no reflection-based JSON).</summary>
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class CliJson : JsonSerializerContext;
