using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>An endpoint method bound by reflection: argument bindings read once and a compiled invoker (no reflection
/// per call). The untyped path; generated contract endpoints bind at compile time instead.</summary>
internal sealed class ReflectedMethod
{
    private readonly ParameterBinding[] _parameters;
    private readonly Dictionary<string, int> _byWireName;
    private readonly Func<object, object?[], ValueTask<object?>> _invoke;
    private readonly Type[] _expected;
    private readonly string _wireName;

    [RequiresUnreferencedCode(EndpointDescriptor.Reason)]
    [RequiresDynamicCode(EndpointDescriptor.Reason)]
    private ReflectedMethod(MethodInfo method, string wireName)
    {
        _wireName = wireName;
        (_invoke, var resultType) = InvokerCompiler.Compile(method);
        ResultType = resultType;
        _parameters = method.GetParameters().Skip(1).Select(ParameterBinding.Of).ToArray();
        _byWireName = _parameters.Select((p, i) => (p.WireName, i)).ToDictionary(p => p.WireName, p => p.i, StringComparer.Ordinal);
        _expected = method.GetCustomAttributes<ExpectedExceptionsAttribute>(inherit: true)
            .Concat(method.DeclaringType!.GetCustomAttributes<ExpectedExceptionsAttribute>(inherit: true))
            .SelectMany(a => a.Types)
            .ToArray();
    }

    private Type ResultType { get; }

    /// <summary>Binds <paramref name="method"/>; the endpoint object comes with each call.</summary>
    [RequiresUnreferencedCode(EndpointDescriptor.Reason)]
    [RequiresDynamicCode(EndpointDescriptor.Reason)]
    public static EndpointMethod Bind(MethodInfo method, string wireName)
    {
        var reflected = new ReflectedMethod(method, wireName);
        var description = new RpcMethodDescription(wireName, method, method.IsDefined(typeof(RpcExposeAttribute), inherit: true));
        return new EndpointMethod(
            description,
            reflected.ResultType,
            (endpoint, context, args, serializer) => reflected._invoke(endpoint, reflected.Bind(context, args, serializer)),
            reflected._expected.Length == 0 ? null : reflected.IsExpected);
    }

    private bool IsExpected(Exception exception)
    {
        foreach (var type in _expected)
        {
            if (type.IsInstanceOfType(exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Binds the wire <c>args</c> by name, as Python's <c>method(ctxt, **args)</c> does, with the same TypeErrors.</summary>
    private object?[] Bind(RequestContext context, JsonElement args, RpcSerializer serializer)
    {
        var values = new object?[_parameters.Length + 1];
        values[0] = context;
        Span<bool> seen = _parameters.Length <= 64 ? stackalloc bool[_parameters.Length] : new bool[_parameters.Length];
        if (args.ValueKind == JsonValueKind.Object)
        {
            foreach (var argument in args.EnumerateObject())
            {
                if (!_byWireName.TryGetValue(argument.Name, out var index))
                {
                    throw new RpcArgumentException($"{_wireName}() got an unexpected keyword argument '{argument.Name}'");
                }

                seen[index] = true;
                values[index + 1] = _parameters[index].Read(context, argument.Value, serializer, _wireName);
            }
        }

        for (var i = 0; i < _parameters.Length; i++)
        {
            if (!seen[i])
            {
                values[i + 1] = _parameters[i].HasDefault
                    ? _parameters[i].DefaultValue
                    : throw new RpcArgumentException($"{_wireName}() missing 1 required positional argument: '{_parameters[i].WireName}'");
            }
        }

        return values;
    }
}
