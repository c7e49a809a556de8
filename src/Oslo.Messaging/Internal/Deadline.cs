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

    /// <summary><paramref name="duration"/> within what a timer accepts: negative becomes zero, beyond
    /// <see cref="MaxTimer"/> becomes <see cref="MaxTimer"/> (a wait that long is re-armed by its caller's loop, or
    /// is effectively forever).</summary>
    public static TimeSpan Clamp(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? TimeSpan.Zero : duration > MaxTimer ? MaxTimer : duration;
}
