namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>Polls a remote state until it satisfies a condition, with a short interval and a deadline (casts have no reply to await).</summary>
internal static class Poll
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns the first value satisfying <paramref name="done"/>; fails with the last value seen after <paramref name="deadline"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan deadline, Func<T, string> describe)
    {
        using var expired = new CancellationTokenSource(deadline);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (expired.IsCancellationRequested)
            {
                Assert.Fail($"Condition not met within {deadline}; last value: {describe(value)}");
            }

            await Task.Delay(_interval, CancellationToken.None);
        }
    }
}
