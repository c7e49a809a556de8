using System.ComponentModel;
using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Contracts;

/// <summary>Argument binding helpers for generated endpoints: the same reads and the same Python-style
/// <c>TypeError</c>s (<see cref="RpcArgumentException"/>) as the reflection-bound endpoints.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ContractArguments
{
    /// <summary>Reads one argument through the serializer.</summary>
    /// <exception cref="RpcArgumentException">The value does not convert to <typeparamref name="T"/>.</exception>
    public static T Read<T>(RequestContext context, JsonElement value, RpcSerializer serializer, string method, string argument)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        try
        {
            return serializer.DeserializeEntity<T>(context, value);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException or InvalidCastException)
        {
            throw new RpcArgumentException($"{method}() argument '{argument}' cannot be read as {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <summary>A required argument is missing.</summary>
    public static RpcArgumentException Missing(string method, string argument) =>
        new($"{method}() missing 1 required positional argument: '{argument}'");

    /// <summary>An argument the method does not take.</summary>
    public static RpcArgumentException Unexpected(string method, string argument) =>
        new($"{method}() got an unexpected keyword argument '{argument}'");
}
