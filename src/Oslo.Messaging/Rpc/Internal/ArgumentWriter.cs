using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// Writes a call's named arguments as the <c>args</c> object, each value through the serializer's
/// <c>SerializeEntity</c>. Accepts a dictionary (keys sent as given), a JSON object, or any object whose public
/// properties become arguments under snake_case names (<c>new { InstanceId = 1 }</c> -> <c>instance_id</c>).
/// Anything else that has no names (a string, a number, a list, a JSON array) is refused with an <see cref="ArgumentException"/>.
/// </summary>
// CA2263: untyped arguments go through the untyped serializer hook, whose declared type is the runtime one.
#pragma warning disable CA2263
internal static class ArgumentWriter
{
    // Per-type accessors, compiled once: reflection never runs per call.
    private static readonly ConcurrentDictionary<Type, PropertyAccessor[]> Shapes = new();

    public const string Reason =
        "Untyped arguments given as a plain object are read by reflection and compiled expressions; use a typed contract " +
        "(Oslo.Messaging.Generators, docs/typed-contracts.md) or a dictionary or JSON object of arguments through IRpcArguments.";

    /// <summary>Writes the properties of the (already opened) <c>args</c> object.</summary>
    [RequiresUnreferencedCode(Reason)]
    [RequiresDynamicCode(Reason)]
    public static void Write(Utf8JsonWriter writer, object? args, RequestContext context, RpcSerializer serializer)
    {
        switch (args)
        {
            case null:
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (name, value) in pairs)
                {
                    writer.WritePropertyName(name);
                    serializer.SerializeEntity(writer, context, value, typeof(object));
                }

                break;
            case IEnumerable<KeyValuePair<string, JsonElement>> elements:
                foreach (var (name, value) in elements)
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }

                break;
            case JsonElement { ValueKind: JsonValueKind.Object } json:
                foreach (var property in json.EnumerateObject())
                {
                    property.WriteTo(writer);
                }

                break;
            case JsonElement:
            case string:
                throw NotNamed(args);
            case IDictionary dictionary:
                // Typed dictionaries (Dictionary<string, string> ...): keys are the names, as with the object? form.
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(entry.Key as string ?? throw NotNamed(args));
                    serializer.SerializeEntity(writer, context, entry.Value, typeof(object));
                }

                break;
            case IEnumerable:
                throw NotNamed(args);
            default:
                if (args.GetType() is { IsPrimitive: true } or { IsEnum: true } || args is decimal)
                {
                    throw NotNamed(args);
                }

                foreach (var accessor in Shapes.GetOrAdd(args.GetType(), Describe))
                {
                    writer.WritePropertyName(accessor.WireName);
                    serializer.SerializeEntity(writer, context, accessor.Get(args), accessor.Type);
                }

                break;
        }
    }

    // Without this check a string or a list would be sent as its .NET properties ({"length": 4}): refuse it instead.
    private static ArgumentException NotNamed(object args) => new(
        $"RPC arguments are named: pass an object (anonymous or not), a dictionary with string keys or a JSON object, not {args.GetType().Name}" +
        (args is JsonElement element ? $" of kind {element.ValueKind}" : ""),
        nameof(args));

    [RequiresUnreferencedCode(Reason)]
    [RequiresDynamicCode(Reason)]
    private static PropertyAccessor[] Describe(Type type)
    {
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Select(p => new PropertyAccessor(WireNames.ForArgument(p.Name), p.PropertyType, Getter(type, p)))
            .ToArray();
    }

    /// <summary><c>args =&gt; (object?)((T)args).Property</c>, compiled (<see cref="DynamicCode"/>).</summary>
    [RequiresDynamicCode(Reason)]
    private static Func<object, object?> Getter(Type type, PropertyInfo property)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            return property.GetValue; // Native AOT: no code to emit; reflection reads the property, as an interpreted expression did
        }

        var (method, il) = DynamicCode.Create("get_" + property.Name, typeof(object), typeof(object));
        DynamicCode.LoadInstance(il, type);
        DynamicCode.CallInstance(il, type, property.GetMethod!);
        DynamicCode.ToObject(il, property.PropertyType);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<object, object?>>();
    }

    private sealed record PropertyAccessor(string WireName, Type Type, Func<object, object?> Get);
}
