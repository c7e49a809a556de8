using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Oslo.Messaging.Serialization.Internal;

/// <summary>System.Text.Json's default options (no naming policy) with the trimming-safe resolver: reflection where it
/// is enabled, as before, and the built-in source-generated metadata under Native AOT. For the library's own JSON
/// (failure arguments, logs, masks) that must not follow <see cref="JsonRpcSerializer.DefaultOptions"/>' snake_case.</summary>
internal static class PlainJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = ContractJsonResolver.CreateDefault() };
        options.MakeReadOnly();
        return options;
    }
}
