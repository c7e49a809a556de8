namespace Oslo.Messaging.Notify.Internal;

/// <summary>
/// Gathers the notifications of a batch listener run into batches of <see cref="NotificationBatch.Size"/>, handing a
/// batch to the executor when it is full or <see cref="NotificationBatch.Timeout"/> after its first notification
/// arrived, and the partial batch when the run completes (a stopped listener still processes all it took).
/// </summary>
/// <remarks>
/// One lock guards the batch being filled: the transport calls <see cref="AddAsync"/> from one task per queue, and the
/// timer fires on a pool thread. A full batch is enqueued by the adder that filled it, so the executor's backpressure
/// reaches that queue's consumer; a timed-out batch is enqueued off the timer thread, and the completion waits for it.
/// Each timer knows the batch generation it was started for, so a timer that fires after its batch already went out
/// (full) does nothing.
/// </remarks>
internal sealed class NotificationBatcher(NotificationBatch batch, Func<PendingNotification[], CancellationToken, ValueTask> enqueue, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<PendingNotification> _filling = new(Math.Min(batch.Size, 1024));
    private ITimer? _timer;
    private long _generation;
    private Task _timedOut = Task.CompletedTask;
    private bool _completed;

    public ValueTask AddAsync(PendingNotification notification, CancellationToken cancellationToken)
    {
        PendingNotification[]? full = null;
        lock (_lock)
        {
            _filling.Add(notification);
            if (_filling.Count >= batch.Size || _completed)
            {
                full = TakeLocked();
            }
            else if (_filling.Count == 1 && batch.Timeout is { } timeout)
            {
                var generation = _generation;
                _timer = time.CreateTimer(static state => ((TimerState)state!).Fire(), new TimerState(this, generation), timeout, Timeout.InfiniteTimeSpan);
            }
        }

        return full is null ? ValueTask.CompletedTask : enqueue(full, cancellationToken);
    }

    /// <summary>Hands over the partial batch and waits for the timed-out ones still being enqueued. Called once no
    /// <see cref="AddAsync"/> runs any more (the transport's listener stopped); a later add is handed over at once.</summary>
    public async Task CompleteAsync()
    {
        PendingNotification[]? partial;
        Task timedOut;
        lock (_lock)
        {
            _completed = true;
            partial = _filling.Count > 0 ? TakeLocked() : null;
            timedOut = _timedOut;
        }

        if (partial is not null)
        {
            await enqueue(partial, CancellationToken.None).ConfigureAwait(false);
        }

        await timedOut.ConfigureAwait(false);
    }

    private PendingNotification[] TakeLocked()
    {
        var taken = _filling.ToArray();
        _filling.Clear();
        _generation++;
        _timer?.Dispose();
        _timer = null;
        return taken;
    }

    private void OnTimeout(long generation)
    {
        lock (_lock)
        {
            if (generation != _generation || _filling.Count == 0)
            {
                return; // That batch already went out full.
            }

            var taken = TakeLocked();
            _timedOut = EnqueueAfterAsync(_timedOut, taken);
        }
    }

    /// <summary>Timed-out batches go out one after the other, in order, each once the previous one was taken.</summary>
    private async Task EnqueueAfterAsync(Task previous, PendingNotification[] taken)
    {
        await previous.ConfigureAwait(false);
        await enqueue(taken, CancellationToken.None).ConfigureAwait(false);
    }

    private sealed class TimerState(NotificationBatcher owner, long generation)
    {
        public void Fire() => owner.OnTimeout(generation);
    }
}
