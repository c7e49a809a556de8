namespace Oslo.Messaging.Cli.Demo;

/// <summary>A demo step observed something other than what it expected.</summary>
internal sealed class DemoCheckException(string message) : Exception(message)
{
    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    public static void Expect(bool condition, string whatWentWrong)
    {
        if (!condition)
        {
            throw new DemoCheckException(whatWentWrong);
        }
    }

    /// <summary>Runs <paramref name="action"/> and returns the <typeparamref name="TException"/> it must throw.</summary>
    public static async Task<TException> ExpectThrowsAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (TException expected)
        {
            return expected;
        }
        catch (Exception other) when (other is not OperationCanceledException)
        {
            throw new DemoCheckException($"expected {typeof(TException).Name}, got {other.GetType().Name}: {other.Message}");
        }
        throw new DemoCheckException($"expected {typeof(TException).Name}, but the call succeeded");
    }
}
