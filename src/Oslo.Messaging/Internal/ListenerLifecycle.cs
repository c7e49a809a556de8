namespace Oslo.Messaging.Internal;

/// <summary>
/// The start / stop / wait cycle shared by <see cref="Rpc.RpcServer"/> and <see cref="Notify.NotificationListener"/>
/// (oslo's <c>MessageHandlingServer</c>): start is ignored while running and first finishes the previous run's wait;
/// stop takes no new message and returns once the transport hands over no more; wait waits for the stop, then for the
/// run to drain (every accepted message processed), then closes the transport's listener. A stopped server can be
/// started again.
/// </summary>
/// <remarks>One lock orders start and stop; wait does not take it, so a wait in progress never blocks a start or stop.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphore never creates a wait handle (no AvailableWaitHandle use), so it holds nothing to release; a late stop may still wait on it.")]
internal sealed class ListenerLifecycle
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private ListenerRun? _run;

    /// <summary>True between a start and the next stop.</summary>
    public bool IsRunning => Volatile.Read(ref _run) is { Stopped.Task.IsCompleted: false };

    /// <summary>Starts a run made by <paramref name="start"/>, unless one is running (returns false then). A failing
    /// <paramref name="start"/> must release what it made itself; its exception is thrown as it is.</summary>
    public async Task<bool> StartAsync(Func<CancellationToken, Task<ListenerRun>> start, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return false;
            }

            if (_run is { } previous)
            {
                await previous.DrainAsync().ConfigureAwait(false);
            }

            Volatile.Write(ref _run, await start(cancellationToken).ConfigureAwait(false));
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stops the running run; returns false (doing nothing) when none runs.</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_run is not { } run || run.Stopped.Task.IsCompleted)
            {
                return false;
            }

            await run.StopAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Waits for the stop, then for the run to drain and close. Returns at once if never started.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _run) is not { } run)
        {
            return;
        }

        await run.Stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await run.DrainAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
