namespace Oslo.Messaging.Rpc.Internal;

/// <summary>One call waiting for its reply; also records when the last message (e.g. a heartbeat) arrived.</summary>
internal sealed class ReplyWaiter(long createdAt)
{
    // Continuations run asynchronously: the reply consumer must never run caller code on its own loop.
    private readonly TaskCompletionSource<ReplyMessage> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReplyMessage? _pending;
    private long _lastActivity = createdAt;

    public Task<ReplyMessage> Task => _completion.Task;

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

        _completion.TrySetResult(message);
    }

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
