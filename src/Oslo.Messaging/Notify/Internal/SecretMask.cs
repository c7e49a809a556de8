using System.Text.Json;
using System.Text.Json.Nodes;
using Oslo.Messaging.Serialization.Internal;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>Masks the values of keys that name a secret anywhere in a JSON value, as oslo's <c>mask_dict_password</c>
/// does before the log driver writes a notification.</summary>
internal static class SecretMask
{
    private static readonly string[] Markers = ["token", "pass", "secret", "credential", "_key", "pswd"];

    public static JsonElement Mask(JsonElement value)
    {
        if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return value;
        }

        var node = JsonNode.Parse(value.GetRawText())!;
        MaskNode(node);
        return JsonSerializer.SerializeToElement(node, PlainJson.Info<JsonNode>());
    }

    private static void MaskNode(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Select(p => p.Key).ToArray())
            {
                if (Markers.Any(m => key.Contains(m, StringComparison.OrdinalIgnoreCase)))
                {
                    obj[key] = "***";
                }
                else
                {
                    MaskNode(obj[key]);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                MaskNode(item);
            }
        }
    }
}
