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

    /// <param name="workers">How many work items run at once.</param>
    /// <param name="process">Runs one work item; should not throw.</param>
    /// <param name="pendingReplies">Replies still on their way, waited for by <see cref="DrainAsync"/> (RPC only).</param>
    /// <param name="crashed">Logs a work item whose processor threw anyway.</param>
    public WorkQueue(int workers, Func<TWork, Task> process, TrackedTasks? pendingReplies, Action<TWork, Exception> crashed)
    {
        _pendingReplies = pendingReplies;
        _process = process;
        _crashed = crashed;
        _queue = Channel.CreateBounded<TWork>(new BoundedChannelOptions(Math.Max(workers * 2, 16))
        {
            SingleReader = workers == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _workers = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            _workers[i] = Task.Run(async () =>
            {
                await foreach (var request in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    await RunAsync(request).ConfigureAwait(false);
                }

                while (_overflow.TryDequeue(out var request))
                {
                    await RunAsync(request).ConfigureAwait(false);
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
        if (_pendingReplies is not null)
        {
            await _pendingReplies.WhenAllAsync().ConfigureAwait(false);
        }

        await _sideCancel.CancelAsync().ConfigureAwait(false);
        await _sideWork.WhenAllAsync().ConfigureAwait(false);
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
