namespace Oslo.Messaging.Rpc.Internal;

/// <summary>One call waiting for its reply; also records when the last message (e.g. a heartbeat) arrived.</summary>
/// <remarks>The waiter is its own completion source: one object less per call than holding one.</remarks>
internal sealed class ReplyWaiter(long createdAt) : TaskCompletionSource<ReplyMessage>(TaskCreationOptions.RunContinuationsAsynchronously)
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

    public void Fail(Exception exception) => TrySetException(exception);
}
