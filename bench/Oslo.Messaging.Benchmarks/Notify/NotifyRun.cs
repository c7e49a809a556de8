using System.Diagnostics;

namespace Oslo.Messaging.Benchmarks.Notify;

/// <summary>The figures of one round of the notification scenario.</summary>
/// <param name="Count">Notifications published with confirms and consumed.</param>
/// <param name="Elapsed">From the first publish to the last acknowledgement by the listener.</param>
internal sealed record NotifyRun(int Count, TimeSpan Elapsed)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    /// <summary>Publishes <paramref name="count"/> notifications from <paramref name="publishers"/> concurrent senders,
    /// each awaiting its confirm, and waits until <paramref name="consumed"/> completes.</summary>
    public static async Task<NotifyRun> MeasureAsync(int count, int publishers, Func<int, Task> publish, Task consumed, TimeSpan cap)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        var senders = Enumerable.Range(0, publishers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await publish(i).ConfigureAwait(false);
            }
        })).ToArray();
        await Task.WhenAll(senders).WaitAsync(cap).ConfigureAwait(false);
        await consumed.WaitAsync(cap).ConfigureAwait(false);
        return new NotifyRun(count, clock.Elapsed);
    }
}
