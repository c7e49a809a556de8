using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Oslo.Messaging.Contracts;

namespace Oslo.Messaging.Serialization.Internal;

/// <summary>
/// The default options' resolver: the JSON contexts that generated contract code registered
/// (<see cref="ContractRegistry"/>), then a fallback. Asked once per type and options (System.Text.Json caches the
/// answer), so walking the few registered contexts costs nothing per call.
/// </summary>
internal sealed class ContractJsonResolver(IJsonTypeInfoResolver fallback) : IJsonTypeInfoResolver
{
    public static IJsonTypeInfoResolver CreateDefault() =>
        new ContractJsonResolver(JsonSerializer.IsReflectionEnabledByDefault ? CreateReflectionResolver() : BuiltInJsonContext.Default);

    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        foreach (var context in ContractRegistry.JsonContexts)
        {
            if (context.GetTypeInfo(type, options) is { } info)
            {
                return info;
            }
        }

        return fallback.GetTypeInfo(type, options);
    }

    // The feature switch JsonSerializer.IsReflectionEnabledByDefault is false in trimmed and AOT apps (or
    // JsonSerializerIsReflectionEnabledByDefault=false), and the trimmer then removes this call with its branch.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached when reflection-based serialization is enabled (JIT apps).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached when reflection-based serialization is enabled (JIT apps).")]
    private static DefaultJsonTypeInfoResolver CreateReflectionResolver() => new();
}
