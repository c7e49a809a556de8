namespace Oslo.Messaging.Internal;

/// <summary>Cancellation sources for deadlines that are armed (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>)
/// only when an operation does not complete at once, and the clamp every timer duration goes through.</summary>
internal static class Deadline
{
    /// <summary>The longest duration .NET timers accept (about 49.7 days); longer ones throw.</summary>
    public static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>A source with no timer yet; <c>CancelAfter</c> then runs on <paramref name="time"/>.</summary>
    /// <remarks>On the system clock a plain source allocates no timer until armed (the benchmark's profile showed
    /// a timer per message); another clock (a test's fake) needs its timer created up front to be used later.</remarks>
    public static CancellationTokenSource Unarmed(TimeProvider time) =>
        time == TimeProvider.System ? new CancellationTokenSource() : new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);

    [ThreadStatic]
    private static CancellationTokenSource? _spare;

    /// <summary>An unarmed source as <see cref="Unarmed"/>, reused from this thread's spare when there is one: a send
    /// that completes at once (the in-process transport) then allocates no source at all.</summary>
    public static CancellationTokenSource Rent(TimeProvider time)
    {
        if (time == TimeProvider.System && _spare is { } spare)
        {
            _spare = null;
            return spare;
        }

        return Unarmed(time);
    }

    /// <summary>Gives back a source from <see cref="Rent"/> once nothing uses its token any more; it is kept, with its
    /// timer, when <see cref="CancellationTokenSource.TryReset"/> succeeds.</summary>
    /// <remarks>Armed sources are kept too (a timer and a source per send that waited for the broker, before): on the
    /// system clock <c>TryReset</c> stops the timer and refuses when it has ever fired, so a callback already on its
    /// way cannot cancel the source after the reset. Another clock's timer (a test's fake) gives no such answer, so its
    /// sources are never kept.</remarks>
    public static void Return(CancellationTokenSource source, TimeProvider time)
    {
        if (time == TimeProvider.System && source.TryReset())
        {
            _spare = source;
            return;
        }

        source.Dispose();
    }

    /// <summary><paramref name="duration"/> within what a timer accepts: negative becomes zero, beyond
    /// <see cref="MaxTimer"/> becomes <see cref="MaxTimer"/> (a wait that long is re-armed by its caller's loop, or
    /// is effectively forever).</summary>
    public static TimeSpan Clamp(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? TimeSpan.Zero : duration > MaxTimer ? MaxTimer : duration;
}
