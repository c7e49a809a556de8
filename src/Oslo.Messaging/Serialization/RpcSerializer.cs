using System.Text.Json;

namespace Oslo.Messaging.Serialization;

/// <summary>
/// oslo's serializer: four hooks around what travels. Client: each argument through <see cref="SerializeEntity"/>,
/// then <see cref="SerializeContext"/>; the result through <see cref="DeserializeEntity"/>. Server:
/// <see cref="DeserializeContext"/> first, then each argument through <see cref="DeserializeEntity"/>, the result
/// through <see cref="SerializeEntity"/>. Exceptions never pass through the serializer.
/// </summary>
public abstract class RpcSerializer
{
    /// <summary>Writes <paramref name="entity"/> (declared as <paramref name="declaredType"/>) as one JSON value.</summary>
    public abstract void SerializeEntity(Utf8JsonWriter writer, RequestContext context, object? entity, Type declaredType);

    /// <summary>Reads one JSON value as <paramref name="type"/>.</summary>
    /// <exception cref="JsonException">The value does not convert.</exception>
    public abstract object? DeserializeEntity(RequestContext context, JsonElement entity, Type type);

    /// <summary>The context to send; default: unchanged.</summary>
    public virtual RequestContext SerializeContext(RequestContext context) => context;

    /// <summary>The context to hand to the endpoint; default: unchanged.</summary>
    public virtual RequestContext DeserializeContext(RequestContext context) => context;
}
