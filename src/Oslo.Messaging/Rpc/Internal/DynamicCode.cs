using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The reflected paths' compiled delegates, emitted as <see cref="DynamicMethod"/>s. Expression trees did this
/// before; compiling one loads and JIT-compiles System.Linq.Expressions (~3 MB of a process's resident set, about as
/// much as the rest of the library: bench/README.md, "Peak working set per round"), where the emitter lives in
/// CoreLib. Same semantics as the expression version: exceptions from the called code are not wrapped, non-public
/// types are reachable (as a compiled lambda, the method skips visibility checks).
/// </summary>
internal static class DynamicCode
{
    /// <summary>A new method <c>TResult (object, ...)</c> hosted anonymously, and its IL generator.</summary>
    [RequiresDynamicCode(EndpointDescriptor.Reason)]
    public static (DynamicMethod Method, ILGenerator IL) Create(string name, Type result, params Type[] parameters)
    {
        var method = new DynamicMethod(name, result, parameters, restrictedSkipVisibility: true);
        return (method, method.GetILGenerator());
    }

    /// <summary>Converts the <c>object</c> on the stack to <paramref name="type"/>, as a C# cast does: a reference
    /// cast, or an unboxing (a null becomes a null <see cref="Nullable{T}"/>, or throws for another value type).</summary>
    public static void FromObject(ILGenerator il, Type type)
    {
        if (type.IsValueType)
        {
            il.Emit(OpCodes.Unbox_Any, type);
        }
        else if (type != typeof(object))
        {
            il.Emit(OpCodes.Castclass, type);
        }
    }

    /// <summary>Pushes argument 0 (an <c>object</c>) as the instance to call <paramref name="type"/>'s members on: the
    /// reference, or for a value type the address of the boxed value.</summary>
    public static void LoadInstance(ILGenerator il, Type type)
    {
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(type.IsValueType ? OpCodes.Unbox : OpCodes.Castclass, type);
    }

    /// <summary>Calls an instance <paramref name="method"/> of <paramref name="type"/> (its instance and arguments on the stack).</summary>
    public static void CallInstance(ILGenerator il, Type type, MethodInfo method) =>
        il.Emit(type.IsValueType ? OpCodes.Call : OpCodes.Callvirt, method);

    /// <summary>Boxes the value of <paramref name="type"/> on the stack if it is a value type.</summary>
    public static void ToObject(ILGenerator il, Type type)
    {
        if (type.IsValueType)
        {
            il.Emit(OpCodes.Box, type);
        }
    }
}
