using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>One call waiting for its reply; also records when the last message (e.g. a heartbeat) arrived.</summary>
/// <remarks>The waiter is its own completion source: one object less per call than holding one.</remarks>
internal sealed class ReplyWaiter(long createdAt) : TaskCompletionSource<ReplyMessage>(TaskCreationOptions.RunContinuationsAsynchronously), IPendingCall
{
    // Continuations run asynchronously (above): the reply consumer must never run caller code on its own loop.
    private ReplyMessage? _pending;
    private long _lastActivity = createdAt;

    public long LastActivity => Volatile.Read(ref _lastActivity);

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
}
