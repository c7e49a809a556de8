using System.Collections.Concurrent;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// A bounded pool of <see cref="PublisherChannel"/>s on the shared send connection: at most N sends wait for a confirm
/// at once (the rest queue on the semaphore, which is the backpressure). Channels are opened lazily up to the bound and
/// dropped when their connection goes; no lock is held across an await.
/// </summary>
internal sealed class PublisherChannelPool(ConnectionKeeper keeper, int size) : IAsyncDisposable
{
    private readonly SemaphoreSlim _slots = new(size, size);
    private readonly ConcurrentQueue<PublisherChannel> _idle = new();
    private int _disposed;

    /// <summary>Takes a slot and an open channel, connecting first if needed (within <paramref name="budget"/>).</summary>
    public async ValueTask<PublisherChannel> RentAsync(RetryBudget budget, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed == 1, this);
            while (_idle.TryDequeue(out var idle))
            {
                if (idle.IsReusable)
                {
                    return idle;
                }

                await idle.DisposeAsync().ConfigureAwait(false);
            }

            var connection = await keeper.GetAsync(budget, cancellationToken).ConfigureAwait(false);
            return await PublisherChannel.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives the slot back; the channel is kept if it can be reused.</summary>
    public async ValueTask ReturnAsync(PublisherChannel channel)
    {
        try
        {
            if (channel.IsReusable && Volatile.Read(ref _disposed) == 0)
            {
                _idle.Enqueue(channel);
            }
            else
            {
                await channel.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        while (_idle.TryDequeue(out var channel))
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }
}
