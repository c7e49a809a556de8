namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// A bounded set of tasks still running beside a server's workers, so that its wait can wait for them. Two uses:
/// replies still on their way after their worker moved on (a reply to a missing queue is retried for up to a minute,
/// oslo's rule, and a peer naming missing reply queues must not hold a worker that long each), and failure replies to
/// malformed requests, sent off the consumer path. The bound keeps a flood of either from piling up.
/// </summary>
internal sealed class TrackedTasks(int limit)
{
    private readonly HashSet<Task> _running = [];

    /// <summary>The most tasks kept at once.</summary>
    public int Limit => limit;

    /// <summary>Whether another task may be kept now (a hint: a caller about to start work asks first).</summary>
    public bool HasRoom
    {
        get
        {
            lock (_running)
            {
                return _running.Count < limit;
            }
        }
    }

    /// <summary>Keeps <paramref name="task"/> (which must not throw) unless <see cref="Limit"/> are already kept.</summary>
    public bool TryAdd(Task task)
    {
        lock (_running)
        {
            if (_running.Count >= limit)
            {
                return false;
            }

            _running.Add(task);
        }

        task.ContinueWith(static (done, state) => ((TrackedTasks)state!).Remove(done), this, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    /// <summary>Completes when every task kept so far has ended.</summary>
    public Task WhenAllAsync()
    {
        lock (_running)
        {
            return Task.WhenAll([.. _running]);
        }
    }

    private void Remove(Task done)
    {
        lock (_running)
        {
            _running.Remove(done);
        }
    }
}
