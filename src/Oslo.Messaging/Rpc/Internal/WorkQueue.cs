using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The executor of one server or notification listener run: a bounded FIFO and N workers. N = 1 runs work items
/// one at a time in arrival order; a full queue makes the transport's handler wait, which is how backpressure reaches
/// the broker. RPC servers queue requests; notification listeners queue notifications (or batches of them).
/// </summary>
/// <remarks>
/// Once the server stops, backpressure has no purpose and would hold the stop until running requests end (the
/// transport's stop waits for its handler): <see cref="StopBackpressure"/> sends what no longer fits to an overflow
/// that the workers run after the queue, so every message already taken is still processed.
/// <para>With <c>inline</c> (the RPC server's pooled executor), a work item may also start on the caller's thread
/// (<see cref="TryRunInline"/>, the transport's consumer) when a slot is free and nothing waits in the queue: it runs
/// there until it first yields, which saves the hand-over to a worker (a context switch and a wake-up per request).
/// Then N is a count of slots, held by inline items and by workers alike, so no more than N run at once either way.</para>
/// </remarks>
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "Token sources without a timer hold nothing to release; disposing them would race a late EnqueueAsync reading a token.")]
internal sealed class WorkQueue<TWork>
{
    private readonly Channel<TWork> _queue;
    private readonly ConcurrentQueue<TWork> _overflow = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private readonly TrackedTasks _sideWork = new(MaxSideWork);
    private readonly CancellationTokenSource _sideCancel = new();
    private readonly Func<TWork, Task> _process;
    private readonly Action<TWork, Exception> _crashed;

    /// <summary>How many requests run at once (the executor's size).</summary>
    public int Workers => _workers.Length;

    /// <summary>The most side work (<see cref="TryTrack"/>) running at once.</summary>
    public const int MaxSideWork = 256;

    private readonly TrackedTasks? _pendingReplies;

    // Null unless inline: one per running work item, taken by TryRunInline or by a worker before it runs one.
    private readonly SemaphoreSlim? _slots;

    /// <param name="workers">How many work items run at once.</param>
    /// <param name="process">Runs one work item; should not throw.</param>
    /// <param name="pendingReplies">Replies still on their way, waited for by <see cref="DrainAsync"/> (RPC only).</param>
    /// <param name="crashed">Logs a work item whose processor threw anyway.</param>
    /// <param name="inline">Whether <see cref="TryRunInline"/> may start work items on the caller's thread.</param>
    public WorkQueue(int workers, Func<TWork, Task> process, TrackedTasks? pendingReplies, Action<TWork, Exception> crashed, bool inline = false)
    {
        _slots = inline ? new SemaphoreSlim(workers, workers) : null;
        _pendingReplies = pendingReplies;
        _process = process;
        _crashed = crashed;
        // Inline, a worker may hold an item it read while it waits for a slot: the queue is that much shorter, so the
        // process holds no more requests than without inline starts (queue + workers, docs/rabbitmq.md "Back-pressure").
        var capacity = Math.Max(workers * 2, 16) - (inline ? workers : 0);
        _queue = Channel.CreateBounded<TWork>(new BoundedChannelOptions(capacity)
        {
            SingleReader = workers == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _workers = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            _workers[i] = Task.Run(async () =>
            {
                // ReadAsync, not ReadAllAsync: a channel wakes every reader waiting in WaitToReadAsync for each item
                // (all idle workers woke, one got the request, the others allocated a new wait: in the benchmark
                // ~0.8 KB and several context switches per request); ReadAsync hands an item to one waiting reader.
                var reader = _queue.Reader;
                while (true)
                {
                    if (!reader.TryRead(out var request))
                    {
                        try
                        {
                            request = await reader.ReadAsync().ConfigureAwait(false);
                        }
                        catch (ChannelClosedException)
                        {
                            break; // Drained: the writer completed and the queue is empty.
                        }
                    }

                    await RunInSlotAsync(request).ConfigureAwait(false);
                }

                while (_overflow.TryDequeue(out var request))
                {
                    await RunInSlotAsync(request).ConfigureAwait(false);
                }
            });
        }
    }

    public ValueTask EnqueueAsync(TWork request, CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested && !_overflow.IsEmpty)
        {
            _overflow.Enqueue(request); // keep arrival order behind what already overflowed
            return ValueTask.CompletedTask;
        }

        return _queue.Writer.TryWrite(request) ? ValueTask.CompletedTask : EnqueueSlowAsync(request, cancellationToken);
    }

    /// <summary>
    /// Starts <paramref name="request"/> on this thread if the queue is inline, a slot is free and no queued item waits
    /// (queued items go first). It runs until it first yields; the rest goes on wherever it resumes, still holding
    /// its slot, which <see cref="DrainAsync"/> waits for.
    /// </summary>
    /// <returns>False when the item was not started: enqueue it.</returns>
    public bool TryRunInline(TWork request)
    {
        if (_slots is null || _queue.Reader.Count > 0 || _stopping.IsCancellationRequested || !_slots.Wait(0))
        {
            return false;
        }

        // The task is not kept: its slot is. A processor that throws is logged, as on a worker.
        _ = RunAndReleaseAsync(request);
        return true;
    }

    /// <summary>From now on a full queue no longer makes the transport's handler wait.</summary>
    public void StopBackpressure() => _stopping.Cancel();

    /// <summary>Runs <paramref name="start"/> beside the queue (it must not throw) unless <see cref="MaxSideWork"/>
    /// already run. <see cref="DrainAsync"/> waits for it after the workers, cancelling its token first: side work
    /// never holds a server's wait.</summary>
    /// <returns>False when the work was not started because too much already runs.</returns>
    public bool TryTrack(Func<CancellationToken, Task> start)
    {
        if (!_sideWork.HasRoom)
        {
            return false;
        }

        // Another queue's consumer may take the last place between the check and the add: the work then runs
        // unwaited, but still ends with the side-work token, so the bound can be passed by a few at most.
        _sideWork.TryAdd(start(_sideCancel.Token));
        return true;
    }

    /// <summary>Takes no more work and completes when everything queued (and tracked) has been processed.</summary>
    public async Task DrainAsync()
    {
        _stopping.Cancel();
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        if (_slots is not null)
        {
            // Inline items still running hold slots: taking every slot waits for the last of them.
            for (var i = 0; i < _workers.Length; i++)
            {
                await _slots.WaitAsync().ConfigureAwait(false);
            }
        }

        if (_pendingReplies is not null)
        {
            await _pendingReplies.WhenAllAsync().ConfigureAwait(false);
        }

        await _sideCancel.CancelAsync().ConfigureAwait(false);
        await _sideWork.WhenAllAsync().ConfigureAwait(false);
    }

    private async Task RunInSlotAsync(TWork request)
    {
        if (_slots is null)
        {
            await RunAsync(request).ConfigureAwait(false);
            return;
        }

        await _slots.WaitAsync().ConfigureAwait(false);
        await RunAndReleaseAsync(request).ConfigureAwait(false);
    }

    /// <summary>As <see cref="RunAsync"/>, then frees the slot (one state machine, not two, when the item yields).</summary>
    private async Task RunAndReleaseAsync(TWork request)
    {
        try
        {
            await _process(request).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _crashed(request, ex);
        }
        finally
        {
            _slots!.Release();
        }
    }

    /// <summary>A worker outlives any work item: the processor never throws, and if it ever did, this logs and goes on.</summary>
    private async Task RunAsync(TWork request)
    {
        try
        {
            await _process(request).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _crashed(request, ex);
        }
    }

    private async ValueTask EnqueueSlowAsync(TWork request, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            await _queue.Writer.WriteAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _overflow.Enqueue(request);
        }
    }
}
