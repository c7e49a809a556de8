namespace Oslo.Messaging.Rpc.Internal;

/// <summary>The deadline sweep: one timer per router, armed for the earliest deadline of the calls it holds, instead
/// of a timer (and a promise) per call.</summary>
/// <remarks>
/// Calls of one client share a timeout, so a new call is nearly always due after the time the timer is already armed
/// for: registering it then touches neither the timer nor a lock. When the timer fires, the sweep expires every call
/// that is due and re-arms for the earliest one left (a heartbeat only ever moves a call's due time later, so the
/// sweep at its old time re-arms for the new one). Precision is the timer's: a call times out no earlier than its
/// deadline and, on the system clock, within about a millisecond plus the timer's own lateness after it (as the
/// per-call timer of <c>Task.WaitAsync</c> before).
/// </remarks>
internal sealed partial class ReplyRouter
{
    private readonly ITimer _sweeper;
    private readonly Lock _arming = new();
    private long _armedFor = long.MaxValue; // timestamp the sweeper fires at; long.MaxValue = not armed

    private ITimer NewSweeper(TimeProvider time)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return time.CreateTimer(static state => ((ReplyRouter)state!).Sweep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        // Not the first caller's execution context (its activity, its async locals) for the router's lifetime.
        using (ExecutionContext.SuppressFlow())
        {
            return time.CreateTimer(static state => ((ReplyRouter)state!).Sweep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Makes sure the sweeper fires no later than <paramref name="due"/>.</summary>
    private void ArmFor(long due)
    {
        // Pairs with the fence in Sweep: either the sweep in progress sees the waiter just added, or this sees the
        // sweeper disarmed (long.MaxValue) and arms it.
        Interlocked.MemoryBarrier();
        if (due >= Volatile.Read(ref _armedFor))
        {
            return;
        }

        lock (_arming)
        {
            if (due >= _armedFor)
            {
                return;
            }

            _armedFor = due;
            // Rounded up to whole milliseconds: a system timer truncates, and firing early would only sweep for nothing.
            var delay = _time.GetElapsedTime(_time.GetTimestamp(), due);
            _sweeper.Change(Oslo.Messaging.Internal.Deadline.Clamp(TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds))), Timeout.InfiniteTimeSpan);
        }
    }

    private void Disarm()
    {
        lock (_arming)
        {
            _armedFor = long.MaxValue;
            _sweeper.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void Sweep()
    {
        lock (_arming)
        {
            _armedFor = long.MaxValue;
        }

        Interlocked.MemoryBarrier(); // see ArmFor
        var now = _time.GetTimestamp();
        var next = long.MaxValue;
        foreach (var (_, waiter) in _waiters)
        {
            if (!waiter.IsFinished && !waiter.Expire(now))
            {
                next = Math.Min(next, waiter.Due);
            }
        }

        if (next != long.MaxValue)
        {
            ArmFor(next);
        }
    }
}
