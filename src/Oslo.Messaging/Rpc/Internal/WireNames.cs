using System.Text.Json;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>.NET names to wire names: snake_case, and a method's <c>Async</c> suffix dropped (<c>AddInstanceAsync</c> -> <c>add_instance</c>).</summary>
internal static class WireNames
{
    public static string ForMethod(string name)
    {
        if (name.EndsWith("Async", StringComparison.Ordinal) && name.Length > 5)
        {
            name = name[..^5];
        }

        return JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
    }

    public static string ForArgument(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
