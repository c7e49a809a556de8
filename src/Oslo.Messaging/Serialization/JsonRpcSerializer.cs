using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oslo.Messaging.Serialization;

/// <summary>
/// The default serializer: System.Text.Json, object properties in snake_case (the convention of the Python services
/// on the other side), dictionary keys unchanged, property names matched case-insensitively when reading.
/// </summary>
public sealed class JsonRpcSerializer : RpcSerializer
{
    /// <summary>The options the default instance uses (read-only).</summary>
    public static readonly JsonSerializerOptions DefaultOptions = CreateDefaultOptions();

    /// <summary>Creates a serializer; <paramref name="options"/> defaults to <see cref="DefaultOptions"/>.</summary>
    public JsonRpcSerializer(JsonSerializerOptions? options = null)
    {
        Options = options ?? DefaultOptions;
    }

    /// <summary>The shared default instance.</summary>
    public static JsonRpcSerializer Default { get; } = new();

    /// <summary>The System.Text.Json options in use.</summary>
    public JsonSerializerOptions Options { get; }

    /// <inheritdoc/>
    public override void SerializeEntity(Utf8JsonWriter writer, RequestContext context, object? entity, Type declaredType)
    {
        if (entity is null)
        {
            writer.WriteNullValue();
            return;
        }

        var type = declaredType == typeof(object) ? entity.GetType() : declaredType;
        JsonSerializer.Serialize(writer, entity, type, Options);
    }

    /// <inheritdoc/>
    public override object? DeserializeEntity(RequestContext context, JsonElement entity, Type type) =>
        type == typeof(JsonElement) ? entity : entity.Deserialize(type, Options);

    private static JsonSerializerOptions CreateDefaultOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
