namespace Oslo.Messaging.Internal;

/// <summary>Cancellation sources for deadlines that are armed (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>)
/// only when an operation does not complete at once.</summary>
internal static class Deadline
{
    /// <summary>A source with no timer yet; <c>CancelAfter</c> then runs on <paramref name="time"/>.</summary>
    /// <remarks>On the system clock a plain source allocates no timer until armed (the benchmark's profile showed
    /// a timer per message); another clock (a test's fake) needs its timer created up front to be used later.</remarks>
    public static CancellationTokenSource Unarmed(TimeProvider time) =>
        time == TimeProvider.System ? new CancellationTokenSource() : new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
}
