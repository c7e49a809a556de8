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
    private readonly byte[][] _utf8Names;
    private const int ScanLimit = 8;

    [ThreadStatic]
    private static object?[]? _spareArguments;

    [RequiresUnreferencedCode(EndpointDescriptor.Reason)]
    [RequiresDynamicCode(EndpointDescriptor.Reason)]
    private ReflectedMethod(MethodInfo method, string wireName)
    {
        _wireName = wireName;
        (_invoke, var resultType) = InvokerCompiler.Compile(method);
        ResultType = resultType;
        _parameters = method.GetParameters().Skip(1).Select(ParameterBinding.Of).ToArray();
        _byWireName = _parameters.Select((p, i) => (p.WireName, i)).ToDictionary(p => p.WireName, p => p.i, StringComparer.Ordinal);
        _utf8Names = [.. _parameters.Select(p => System.Text.Encoding.UTF8.GetBytes(p.WireName))];
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
            reflected.InvokeAsync,
            reflected._expected.Length == 0 ? null : reflected.IsExpected);
    }

    /// <summary>Binds and invokes. The argument array is this thread's spare when it has one of the right length: the
    /// compiled invoker reads every element before it calls the method, so the array is free again once the invoker
    /// returns, even when the method's task is still running (one array less per request, bench/results/NOTES.md).</summary>
    private ValueTask<object?> InvokeAsync(object endpoint, RequestContext context, JsonElement args, RpcSerializer serializer)
    {
        var values = _spareArguments is { } spare && spare.Length == _parameters.Length + 1 ? spare : new object?[_parameters.Length + 1];
        _spareArguments = null; // a method that calls another one on this thread gets its own array
        try
        {
            Bind(values, context, args, serializer);
            return _invoke(endpoint, values);
        }
        finally
        {
            Array.Clear(values); // no reference to a request's values outlives it
            _spareArguments = values;
        }
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
    private void Bind(object?[] values, RequestContext context, JsonElement args, RpcSerializer serializer)
    {
        values[0] = context;
        Span<bool> seen = _parameters.Length <= 64 ? stackalloc bool[_parameters.Length] : new bool[_parameters.Length];
        if (args.ValueKind == JsonValueKind.Object)
        {
            foreach (var argument in args.EnumerateObject())
            {
                if (IndexOf(argument) is not (>= 0 and var index))
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
    }

    /// <summary>The parameter an argument binds to, or -1: the UTF-8 names are compared first (no string per
    /// argument for the few parameters a method has), the dictionary only for a long parameter list.</summary>
    private int IndexOf(JsonProperty argument)
    {
        if (_parameters.Length <= ScanLimit)
        {
            for (var i = 0; i < _utf8Names.Length; i++)
            {
                if (argument.NameEquals(_utf8Names[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        return _byWireName.TryGetValue(argument.Name, out var index) ? index : -1;
    }
}
