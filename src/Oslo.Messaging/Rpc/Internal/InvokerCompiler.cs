using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

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
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            return Interpreted.Compile(method);
        }

        var type = method.DeclaringType!;
        var (dynamicMethod, il) = DynamicCode.Create(method.Name, typeof(ValueTask<object?>), typeof(object), typeof(object?[]));
        DynamicCode.LoadInstance(il, type);
        var parameters = method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            DynamicCode.FromObject(il, parameters[i].ParameterType);
        }

        DynamicCode.CallInstance(il, type, method);
        var returnType = method.ReturnType;
        Type resultType;
        if (returnType == typeof(void))
        {
            il.Emit(OpCodes.Call, Helper(nameof(Completed)));
            resultType = typeof(object);
        }
        else if (returnType == typeof(Task))
        {
            il.Emit(OpCodes.Call, Helper(nameof(FromTask)));
            resultType = typeof(object);
        }
        else if (returnType == typeof(ValueTask))
        {
            il.Emit(OpCodes.Call, Helper(nameof(FromValueTask)));
            resultType = typeof(object);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            resultType = returnType.GetGenericArguments()[0];
            il.Emit(OpCodes.Call, Helper(nameof(FromTaskOf)).MakeGenericMethod(resultType));
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            resultType = returnType.GetGenericArguments()[0];
            il.Emit(OpCodes.Call, Helper(nameof(FromValueTaskOf)).MakeGenericMethod(resultType));
        }
        else
        {
            resultType = returnType;
            DynamicCode.ToObject(il, returnType);
            il.Emit(OpCodes.Call, Helper(nameof(FromValue)));
        }

        il.Emit(OpCodes.Ret);
        return (dynamicMethod.CreateDelegate<Func<object, object?[], ValueTask<object?>>>(), resultType);
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

    // Where code cannot be emitted (Native AOT), an expression tree still runs, interpreted, as before; elsewhere it
    // is not used: compiling one loads System.Linq.Expressions (see DynamicCode). A class of its own, out of the reach
    // of Helper's reflection over this class's methods.
    internal static class Interpreted
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
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
    }
}
