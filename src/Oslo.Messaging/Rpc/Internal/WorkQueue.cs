using System.Threading.Channels;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The executor of one server run: a bounded FIFO and N workers. N = 1 runs requests one at a time in arrival
/// order; a full queue makes the transport's handler wait, which is how backpressure reaches the broker.
/// </summary>
internal sealed class WorkQueue
{
    private readonly Channel<IncomingRequest> _queue;
    private readonly Task[] _workers;

    public WorkQueue(int workers, Func<IncomingRequest, Task> process)
    {
        _queue = Channel.CreateBounded<IncomingRequest>(new BoundedChannelOptions(Math.Max(workers * 2, 16))
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
                    await process(request).ConfigureAwait(false);
                }
            });
        }
    }

    public ValueTask EnqueueAsync(IncomingRequest request, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(request, cancellationToken);

    /// <summary>Takes no more work and completes when everything queued has been processed.</summary>
    public Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        return Task.WhenAll(_workers);
    }
}
