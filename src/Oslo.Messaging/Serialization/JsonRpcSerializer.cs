using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Oslo.Messaging.Serialization.Internal;

namespace Oslo.Messaging.Serialization;

/// <summary>
/// The default serializer: System.Text.Json, object properties in snake_case (the convention of the Python services
/// on the other side), dictionary keys unchanged, property names matched case-insensitively when reading.
/// </summary>
/// <remarks>
/// Type metadata comes from the options' resolver. The default options ask, in order: the JSON contexts of the typed
/// contracts loaded (<see cref="Contracts.RpcContractAttribute.JsonContext"/>), then System.Text.Json's reflection
/// resolver where reflection is enabled (a JIT app), or else (Native AOT, trimmed) a built-in source-generated context
/// holding the primitives, strings, arrays, lists and dictionaries of them and <see cref="JsonElement"/>.
/// </remarks>
public sealed class JsonRpcSerializer : RpcSerializer
{
    /// <summary>The options the default instance uses (read-only).</summary>
    public static readonly JsonSerializerOptions DefaultOptions = CreateDefaultOptions();

    /// <summary>Creates a serializer; <paramref name="options"/> defaults to <see cref="DefaultOptions"/>. Options
    /// without a <see cref="JsonSerializerOptions.TypeInfoResolver"/> get the default one; they are made read-only.</summary>
    public JsonRpcSerializer(JsonSerializerOptions? options = null)
    {
        Options = options ?? DefaultOptions;
        if (!Options.IsReadOnly && Options.TypeInfoResolver is null)
        {
            // What System.Text.Json does with options lacking a resolver on first use, plus the contracts' contexts.
            Options.TypeInfoResolver = ContractJsonResolver.CreateDefault();
        }

        Options.MakeReadOnly();
    }

    /// <summary>The shared default instance.</summary>
    public static JsonRpcSerializer Default { get; } = new();

    /// <summary>The System.Text.Json options in use.</summary>
    public JsonSerializerOptions Options { get; }

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">The options' resolver has no metadata for the type (a trimmed or AOT
    /// app whose contract does not list it in its JSON context).</exception>
    public override void SerializeEntity(Utf8JsonWriter writer, RequestContext context, object? entity, Type declaredType)
    {
        if (entity is null)
        {
            writer.WriteNullValue();
            return;
        }

        var type = declaredType == typeof(object) ? entity.GetType() : declaredType;
        JsonSerializer.Serialize(writer, entity, Options.GetTypeInfo(type));
    }

    /// <inheritdoc/>
    public override object? DeserializeEntity(RequestContext context, JsonElement entity, Type type) =>
        type == typeof(JsonElement) ? entity : entity.Deserialize(Options.GetTypeInfo(type));

    /// <inheritdoc/>
    public override void SerializeEntity<T>(Utf8JsonWriter writer, RequestContext context, T entity)
    {
        if (entity is null)
        {
            writer.WriteNullValue();
        }
        else if (typeof(T) == typeof(object))
        {
            SerializeEntity(writer, context, entity, typeof(object)); // the runtime type, as the untyped hook
        }
        else
        {
            JsonSerializer.Serialize(writer, entity, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));
        }
    }

    /// <inheritdoc/>
    public override T DeserializeEntity<T>(RequestContext context, JsonElement entity)
    {
        if (typeof(T) == typeof(JsonElement))
        {
            return (T)(object)entity;
        }

        var value = entity.Deserialize((JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));
        return value is null && default(T) is not null ? throw new JsonException("null is not a valid value") : value!;
    }

    private static JsonSerializerOptions CreateDefaultOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = ContractJsonResolver.CreateDefault(),
        };
        options.MakeReadOnly();
        return options;
    }
}
