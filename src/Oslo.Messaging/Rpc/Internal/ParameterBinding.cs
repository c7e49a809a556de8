using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>How one named argument binds to a method parameter.</summary>
internal sealed record ParameterBinding(string WireName, Type Type, bool HasDefault, object? DefaultValue)
{
    [RequiresUnreferencedCode(EndpointDescriptor.Reason)]
    public static ParameterBinding Of(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var hasDefault = parameter.HasDefaultValue || parameter.IsOptional;
        object? defaultValue = null;
        if (parameter.HasDefaultValue && parameter.DefaultValue is not DBNull)
        {
            defaultValue = parameter.DefaultValue;
        }
        else if (type.IsValueType && Nullable.GetUnderlyingType(type) is null)
        {
            defaultValue = Activator.CreateInstance(type);
        }

        // A default given as an int for an enum or a long parameter must still fit the parameter's type.
        if (defaultValue is not null && !type.IsInstanceOfType(defaultValue))
        {
            var target = Nullable.GetUnderlyingType(type) ?? type;
            defaultValue = target.IsEnum ? Enum.ToObject(target, defaultValue) : Convert.ChangeType(defaultValue, target, System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ParameterBinding(WireNames.ForArgument(parameter.Name!), type, hasDefault, defaultValue);
    }

    public object? Read(RequestContext context, JsonElement value, RpcSerializer serializer, string method)
    {
        try
        {
            var result = serializer.DeserializeEntity(context, value, Type);
            if (result is null && Type.IsValueType && Nullable.GetUnderlyingType(Type) is null)
            {
                throw new JsonException("null is not a valid value");
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            throw new RpcArgumentException($"{method}() argument '{WireName}' cannot be read as {Type.Name}: {ex.Message}", ex);
        }
    }
}
