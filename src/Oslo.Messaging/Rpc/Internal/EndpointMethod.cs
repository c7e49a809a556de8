using System.Reflection;
using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>One invocable endpoint method: its wire name, argument bindings and a compiled invoker (no reflection per call).</summary>
internal sealed class EndpointMethod
{
    private readonly ParameterBinding[] _parameters;
    private readonly Dictionary<string, int> _byWireName;
    private readonly Func<object, object?[], ValueTask<object?>> _invoke;
    private readonly Type[] _expected;

    public EndpointMethod(MethodInfo method, string wireName, Func<object, object?[], ValueTask<object?>> invoke, Type resultType)
    {
        Description = new RpcMethodDescription(wireName, method, method.IsDefined(typeof(RpcExposeAttribute), inherit: true));
        _invoke = invoke;
        ResultType = resultType;
        _parameters = method.GetParameters().Skip(1).Select(ParameterBinding.Of).ToArray();
        _byWireName = _parameters.Select((p, i) => (p.WireName, i)).ToDictionary(p => p.WireName, p => p.i, StringComparer.Ordinal);
        _expected = method.GetCustomAttributes<ExpectedExceptionsAttribute>(inherit: true)
            .Concat(method.DeclaringType!.GetCustomAttributes<ExpectedExceptionsAttribute>(inherit: true))
            .SelectMany(a => a.Types)
            .ToArray();
    }

    public RpcMethodDescription Description { get; }

    public string WireName => Description.WireName;

    /// <summary>The declared result type (T of Task&lt;T&gt;), used to serialize the result.</summary>
    public Type ResultType { get; }

    public bool IsExpected(Exception exception)
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

    public ValueTask<object?> InvokeAsync(object endpoint, RequestContext context, JsonElement args, RpcSerializer serializer) =>
        _invoke(endpoint, Bind(context, args, serializer));

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
                    throw new RpcArgumentException($"{WireName}() got an unexpected keyword argument '{argument.Name}'");
                }

                seen[index] = true;
                values[index + 1] = _parameters[index].Read(context, argument.Value, serializer, WireName);
            }
        }

        for (var i = 0; i < _parameters.Length; i++)
        {
            if (!seen[i])
            {
                values[i + 1] = _parameters[i].HasDefault
                    ? _parameters[i].DefaultValue
                    : throw new RpcArgumentException($"{WireName}() missing 1 required positional argument: '{_parameters[i].WireName}'");
            }
        }

        return values;
    }
}
