using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Internal;

/// <summary>One start..wait cycle of a <see cref="ListenerLifecycle"/>: the transport's listener and the run's own
/// work (an executor, a batcher).</summary>
/// <param name="listener">The transport's listener of this run.</param>
/// <param name="stopping">Called first when the run stops, before the transport's listener stops: releases what
/// would hold the stop (an executor's backpressure).</param>
/// <param name="drain">Completes once every message the run accepted was processed; called once, after the stop.</param>
internal sealed class ListenerRun(TransportListener listener, Action stopping, Func<Task> drain)
{
    private readonly Lazy<Task> _drain = new(async () =>
    {
        await drain().ConfigureAwait(false);
        await listener.DisposeAsync().ConfigureAwait(false);
    });

    /// <summary>Completed once the run stopped.</summary>
    public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping();
        await listener.StopAsync(cancellationToken).ConfigureAwait(false);
        Stopped.TrySetResult();
    }

    /// <summary>Drains the run's work, then disposes the transport's listener; the same task for every caller.</summary>
    public Task DrainAsync() => _drain.Value;
}
