namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// Replies still on their way after the worker that sent them moved on. A reply to a queue that does not exist is
/// retried for up to a minute (oslo's rule); a peer naming missing reply queues must not hold a worker that long each,
/// or a few hundred such requests would starve every other caller. The number kept is bounded: past it the worker
/// waits for its reply itself, which is back-pressure again. A server's wait includes these replies.
/// </summary>
internal sealed class PendingReplies
{
    /// <summary>How many replies may be on their way without a worker waiting for them.</summary>
    public const int Limit = 1024;

    private readonly HashSet<Task> _pending = [];

    /// <summary>Keeps <paramref name="reply"/> (which must not throw) unless <see cref="Limit"/> are already kept.</summary>
    public bool TryAdd(Task reply)
    {
        lock (_pending)
        {
            if (_pending.Count >= Limit)
            {
                return false;
            }

            _pending.Add(reply);
        }

        reply.ContinueWith(static (done, state) => ((PendingReplies)state!).Remove(done), this, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    /// <summary>Completes when every reply kept so far has been sent or given up.</summary>
    public Task WhenAllAsync()
    {
        lock (_pending)
        {
            return Task.WhenAll([.. _pending]);
        }
    }

    private void Remove(Task done)
    {
        lock (_pending)
        {
            _pending.Remove(done);
        }
    }
}
