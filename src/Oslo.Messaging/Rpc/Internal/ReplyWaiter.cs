using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>One call waiting for its reply; also records when the last message (e.g. a heartbeat) arrived, and when
/// the call is due to time out (the router's deadline sweep, <see cref="ReplyRouter"/>, expires it then).</summary>
/// <remarks>The waiter is its own completion source: one object less per call than holding one.</remarks>
internal sealed class ReplyWaiter : TaskCompletionSource<ReplyMessage>, IPendingCall
{
    /// <summary>The result of a waiter whose deadline passed (<see cref="Expire"/>); never a real reply.</summary>
    public static readonly ReplyMessage Expired = new("", default, null, Ending: true);

    private readonly long _deadline;
    private readonly long _monitor; // timestamp ticks without a message that end the call; 0 = no call monitoring
    private ReplyMessage? _pending;
    private long _lastActivity;
    private bool _expiredOverall;

    /// <param name="createdAt">The call's start (timestamp).</param>
    /// <param name="deadline">The overall deadline (timestamp).</param>
    /// <param name="monitor">With call monitoring, how long (timestamp ticks) the call lives without a heartbeat; else 0.</param>
    // Continuations run asynchronously: the reply consumer must never run caller code on its own loop (a caller that
    // blocks after its call returns would stall every other call's reply behind it).
    public ReplyWaiter(long createdAt, long deadline, long monitor)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _lastActivity = createdAt;
        _deadline = deadline;
        _monitor = monitor;
    }

    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>When the call times out unless a message (with call monitoring, a heartbeat) arrives first (timestamp).</summary>
    public long Due => _monitor == 0 ? _deadline : Math.Min(_deadline, SaturatingAdd(LastActivity, _monitor));

    /// <summary>After <see cref="Expired"/>: true when the overall deadline passed, false when the call monitor's did.</summary>
    public bool ExpiredOverall => Volatile.Read(ref _expiredOverall);

    public void OnMessage(ReplyMessage message, long now)
    {
        Volatile.Write(ref _lastActivity, now);
        if (message.IsHeartbeat)
        {
            return;
        }

        if (!message.Ending)
        {
            // Pre-Liberty two-message replies: the data first, then an empty "ending" message.
            _pending = message;
            return;
        }

        if (!message.HasResult && message.Failure is null && _pending is not null)
        {
            message = _pending with { Ending = true };
        }

        TrySetResult(message);
    }

    /// <summary>Ends the call with <see cref="Expired"/> when its deadline has passed at <paramref name="now"/>.</summary>
    /// <returns>False when it is not due yet (a heartbeat moved the call monitor's deadline): the next due time counts.</returns>
    public bool Expire(long now)
    {
        var overall = now >= _deadline;
        if (!overall && now < Due)
        {
            return false;
        }

        Volatile.Write(ref _expiredOverall, overall); // read only by whoever sees Expired, which is set after this
        TrySetResult(Expired);
        return true;
    }

    public bool IsFinished => Task.IsCompleted;

    /// <summary>The call has ended (reply, error, timeout or cancellation): <see cref="IsFinished"/> from now on.</summary>
    public void Finish() => TrySetCanceled();

    public void Fail(Exception exception)
    {
        if (TrySetException(exception))
        {
            // A call that timed out or was cancelled no longer awaits this: never an unobserved task exception.
            _ = Task.Exception;
        }
    }

    /// <summary><paramref name="duration"/> in <paramref name="time"/>'s timestamp ticks, saturated so that adding it to
    /// a timestamp cannot overflow (a timeout of days or more is effectively forever).</summary>
    public static long ToTimestampTicks(TimeSpan duration, TimeProvider time)
    {
        var ticks = duration.Ticks * ((double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
        return ticks >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)Math.Ceiling(ticks);
    }

    private static long SaturatingAdd(long timestamp, long ticks) => timestamp > long.MaxValue - ticks ? long.MaxValue : timestamp + ticks;
}
