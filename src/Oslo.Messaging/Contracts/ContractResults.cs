using System.ComponentModel;

namespace Oslo.Messaging.Contracts;

/// <summary>
/// A contract method's task as the <see cref="ContractInvoker"/>'s <c>ValueTask&lt;object?&gt;</c>, for generated
/// endpoints. A task already completed (a method that answered synchronously) is converted in place: no state
/// machine and no allocation beyond boxing a value-type result, as the reflection-bound endpoints do; only a pending
/// task is awaited.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ContractResults
{
    private static readonly ValueTask<object?> None = new((object?)null);

    /// <summary>A <c>Task&lt;T&gt;</c> method's result.</summary>
    public static ValueTask<object?> Of<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? new(task.Result) : AwaitAsync(task);
    }

    /// <summary>A <c>ValueTask&lt;T&gt;</c> method's result.</summary>
    public static ValueTask<object?> Of<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? new(task.Result) : AwaitAsync(task);

    /// <summary>A <c>Task</c> method's completion (null result).</summary>
    public static ValueTask<object?> Of(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? None : AwaitAsync(task);
    }

    /// <summary>A <c>ValueTask</c> method's completion (null result).</summary>
    public static ValueTask<object?> Of(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult(); // completed, so no blocking: a pooled IValueTaskSource is released only once its result is read
            return None;
        }

        return AwaitAsync(task);
    }

    private static async ValueTask<object?> AwaitAsync<T>(Task<T> task) => await task.ConfigureAwait(false);

    private static async ValueTask<object?> AwaitAsync<T>(ValueTask<T> task) => await task.ConfigureAwait(false);

    private static async ValueTask<object?> AwaitAsync(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    private static async ValueTask<object?> AwaitAsync(ValueTask task)
    {
        await task.ConfigureAwait(false);
        return null;
    }
}
