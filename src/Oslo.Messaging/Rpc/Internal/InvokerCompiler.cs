using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// Compiles an endpoint method into <c>(endpoint, args) =&gt; ValueTask&lt;object?&gt;</c> once, whatever its shape:
/// sync or async (Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;), void or with a result.
/// </summary>
internal static class InvokerCompiler
{
    [RequiresUnreferencedCode(EndpointDescriptor.Reason)]
    [RequiresDynamicCode(EndpointDescriptor.Reason)]
    public static (Func<object, object?[], ValueTask<object?>> Invoke, Type ResultType) Compile(MethodInfo method)
    {
        var endpoint = Expression.Parameter(typeof(object), "endpoint");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(
            Expression.Convert(endpoint, method.DeclaringType!),
            method,
            method.GetParameters().Select((p, i) =>
                (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));

        var returnType = method.ReturnType;
        Expression body;
        Type resultType;
        if (returnType == typeof(void))
        {
            body = Expression.Block(call, Expression.Call(Helper(nameof(Completed))));
            resultType = typeof(object);
        }
        else if (returnType == typeof(Task))
        {
            body = Expression.Call(Helper(nameof(FromTask)), call);
            resultType = typeof(object);
        }
        else if (returnType == typeof(ValueTask))
        {
            body = Expression.Call(Helper(nameof(FromValueTask)), call);
            resultType = typeof(object);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            resultType = returnType.GetGenericArguments()[0];
            body = Expression.Call(Helper(nameof(FromTaskOf)).MakeGenericMethod(resultType), call);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            resultType = returnType.GetGenericArguments()[0];
            body = Expression.Call(Helper(nameof(FromValueTaskOf)).MakeGenericMethod(resultType), call);
        }
        else
        {
            resultType = returnType;
            body = Expression.Call(Helper(nameof(FromValue)), Expression.Convert(call, typeof(object)));
        }

        var lambda = Expression.Lambda<Func<object, object?[], ValueTask<object?>>>(body, endpoint, args);
        return (lambda.Compile(), resultType);
    }

    private static MethodInfo Helper(string name) =>
        typeof(InvokerCompiler).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    private static ValueTask<object?> Completed() => new((object?)null);

    private static ValueTask<object?> FromValue(object? value) => new(value);

    private static async ValueTask<object?> FromTask(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    private static async ValueTask<object?> FromValueTask(ValueTask task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    // An async ValueTask method that completes synchronously allocates nothing: no fast path needed.
    private static async ValueTask<object?> FromTaskOf<T>(Task<T> task) => await task.ConfigureAwait(false);

    private static async ValueTask<object?> FromValueTaskOf<T>(ValueTask<T> task) => await task.ConfigureAwait(false);
}
