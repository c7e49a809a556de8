using System.Text.Json;

namespace Oslo.Messaging.Serialization;

/// <summary>
/// oslo's serializer: four hooks around what travels. Client: each argument through <see cref="SerializeEntity"/>,
/// then <see cref="SerializeContext"/>; the result through <see cref="DeserializeEntity"/>. Server:
/// <see cref="DeserializeContext"/> first, then each argument through <see cref="DeserializeEntity"/>, the result
/// through <see cref="SerializeEntity"/>. Exceptions never pass through the serializer.
/// </summary>
/// <remarks>Typed contracts (generated code) call the generic <see cref="SerializeEntity{T}"/> and
/// <see cref="DeserializeEntity{T}"/>, which by default forward to the untyped hooks; override them too to avoid
/// boxing.</remarks>
public abstract class RpcSerializer
{
    /// <summary>Writes <paramref name="entity"/> (declared as <paramref name="declaredType"/>) as one JSON value.</summary>
    public abstract void SerializeEntity(Utf8JsonWriter writer, RequestContext context, object? entity, Type declaredType);

    /// <summary>Reads one JSON value as <paramref name="type"/>.</summary>
    /// <exception cref="JsonException">The value does not convert.</exception>
    public abstract object? DeserializeEntity(RequestContext context, JsonElement entity, Type type);

    /// <summary>Writes <paramref name="entity"/> declared as <typeparamref name="T"/>; default: the untyped hook.</summary>
    public virtual void SerializeEntity<T>(Utf8JsonWriter writer, RequestContext context, T entity) =>
        SerializeEntity(writer, context, entity, typeof(T));

    /// <summary>Reads one JSON value as <typeparamref name="T"/>; default: the untyped hook.</summary>
    /// <exception cref="JsonException">The value does not convert (null for a non-nullable value type included).</exception>
    public virtual T DeserializeEntity<T>(RequestContext context, JsonElement entity)
    {
        var value = DeserializeEntity(context, entity, typeof(T));
        return value is null && default(T) is not null ? throw new JsonException("null is not a valid value") : (T)value!;
    }

    /// <summary>The context to send; default: unchanged.</summary>
    public virtual RequestContext SerializeContext(RequestContext context) => context;

    /// <summary>The context to hand to the endpoint; default: unchanged.</summary>
    public virtual RequestContext DeserializeContext(RequestContext context) => context;
}
