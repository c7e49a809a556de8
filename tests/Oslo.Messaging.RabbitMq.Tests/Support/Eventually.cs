namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>Waits for a state the driver reaches on its own (a recovered channel, a flushed batch), polling it.</summary>
public static class Eventually
{
    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with
    /// <see cref="OperationCanceledException"/> when it still does not after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
