using System.Text.Json;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc;

/// <summary>
/// Named arguments given as name/value pairs, for untyped calls that must stay free of reflection (Native AOT, trimming):
/// pass it to <see cref="RpcClient.CallAsync{TArgs, T}"/> or <see cref="RpcClient.CastAsync{TArgs}"/>. Writes the same
/// message as the untyped overloads given the same dictionary. <c>default</c> means no arguments.
/// </summary>
public readonly struct RpcArguments : IRpcArguments
{
    private readonly IEnumerable<KeyValuePair<string, object?>>? _values;
    private readonly IEnumerable<KeyValuePair<string, JsonElement>>? _json;

    /// <summary>Values written through the serializer's <see cref="RpcSerializer.SerializeEntity"/> with their runtime types
    /// (under Native AOT only types the serializer's resolver knows: primitives, strings, collections of them, contract types).</summary>
    public RpcArguments(IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    /// <summary>JSON values, written as they are (no serializer hook, as the untyped overloads do with JSON values).</summary>
    public RpcArguments(IEnumerable<KeyValuePair<string, JsonElement>> json)
    {
        ArgumentNullException.ThrowIfNull(json);
        _json = json;
    }

    /// <summary>No arguments (<c>"args": {}</c>).</summary>
    public static RpcArguments None => default;

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, RequestContext context, RpcSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(serializer);
        foreach (var (name, value) in _values ?? [])
        {
            writer.WritePropertyName(name);
#pragma warning disable CA2263 // The declared type is object: the runtime type decides, as with untyped arguments.
            serializer.SerializeEntity(writer, context, value, typeof(object));
#pragma warning restore CA2263
        }

        foreach (var (name, value) in _json ?? [])
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }
}
