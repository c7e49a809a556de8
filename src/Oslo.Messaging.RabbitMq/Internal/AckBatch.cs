using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// The acknowledgements of one channel whose consumers acknowledge on receipt (an RPC server's queues, a reply queue):
/// one <c>basic.ack</c> with <c>multiple</c> set for several deliveries, so the broker's queue handles one ack frame
/// per batch instead of one per message (docs/rabbitmq.md, "Connections, channels, acknowledgements"). A batch goes out when it holds
/// <see cref="Limit"/> deliveries (at most half the prefetch, so the broker never waits for it), when the channel's
/// dispatch has no delivery left (a flush queued to the thread pool by the batch's first delivery, on the dispatching
/// thread's local queue: nothing stays unacknowledged once the consumer is idle), and before the channel is closed on
/// purpose.
/// </summary>
/// <remarks>
/// <para>A multiple ack acknowledges every outstanding delivery tag up to its own on the channel, so it is right only
/// while every earlier delivery of the channel was either settled already (rejected) or is to be acknowledged. The
/// channel dispatches its deliveries one at a time, in tag order (consumer dispatch concurrency 1), so when a delivery
/// is added, every earlier one was decided. A delivery deliberately left unacknowledged (a stopped consumer leaves it
/// for the broker to requeue when the channel closes) is a <see cref="HoleAsync"/>: the batch is sent, and from then on
/// every delivery of the channel is acknowledged alone, as before batching.</para>
/// <para>What this costs: a request is handled before its acknowledgement reaches the broker. If the channel fails
/// meanwhile (at most <see cref="Limit"/> deliveries, until the dispatch is idle), the broker delivers those again;
/// to the same server they are dropped by oslo's duplicate detection (the last 16 <c>_unique_id</c>s, more than
/// <see cref="MaxLimit"/>), a server on another connection would run them again.</para>
/// </remarks>
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphore never creates a wait handle (only WaitAsync is used), so it holds nothing to release.")]
internal sealed class AckBatch : IThreadPoolWorkItem
{
    /// <summary>At most this many deliveries share one acknowledgement: fewer than oslo's duplicate detection
    /// remembers (16), so a batch redelivered to the same server after a channel failure is recognised.</summary>
    public const int MaxLimit = 8;

    private readonly IChannel _channel;
    private readonly string _queues;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private ulong _pendingTag; // the highest delivery tag to acknowledge, 0 = none
    private int _pendingCount;
    private bool _single; // a hole was seen: every acknowledgement goes alone
    private bool _scheduled; // a flush is queued to the thread pool
    private readonly Action<IThreadPoolWorkItem> _scheduleFlush;

    /// <param name="channel">The channel the deliveries came on.</param>
    /// <param name="prefetch">The per-consumer prefetch (0 = unlimited).</param>
    /// <param name="queues">The channel's queues, for log lines.</param>
    /// <param name="logger">Where to log a failed acknowledgement.</param>
    /// <param name="scheduleFlush">Queues the idle flush (tests run it by hand); by default the thread pool's
    /// local queue of the calling (dispatching) thread.</param>
    public AckBatch(IChannel channel, ushort prefetch, string queues, ILogger logger, Action<IThreadPoolWorkItem>? scheduleFlush = null)
    {
        _scheduleFlush = scheduleFlush ?? (static item => ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: true));
        _channel = channel;
        _queues = queues;
        _logger = logger;
        // Half the prefetch at most: a held-back batch must never be what the broker waits for.
        Limit = prefetch == 0 ? MaxLimit : Math.Clamp(prefetch / 2, 1, MaxLimit);
    }

    /// <summary>How many deliveries one acknowledgement covers at most.</summary>
    public int Limit { get; }

    /// <summary>Deliveries received but not yet acknowledged (for tests).</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pendingCount;
            }
        }
    }

    /// <summary>Adds a delivery to acknowledge. Called in delivery order, one at a time (the channel's dispatch).</summary>
    public ValueTask AckAsync(ulong deliveryTag)
    {
        bool flush, single;
        lock (_lock)
        {
            single = _single;
            if (single)
            {
                flush = false;
            }
            else
            {
                _pendingTag = deliveryTag;
                _pendingCount++;
                flush = _pendingCount >= Limit;
                if (_pendingCount == 1 && !flush && !_scheduled)
                {
                    // Queued on this thread's local queue: it runs when the channel's dispatch loop (running here)
                    // has no delivery left and gives the thread back, which is when the consumer is idle.
                    _scheduled = true;
                    _scheduleFlush(this);
                }
            }
        }

        if (single)
        {
            return SendAsync(deliveryTag, multiple: false);
        }

        return flush ? FlushAsync() : ValueTask.CompletedTask;
    }

    /// <summary>A delivery of the channel is left unacknowledged on purpose (the broker requeues it when the channel
    /// closes): what is pending goes out now, every later acknowledgement alone, so none covers it.</summary>
    public async ValueTask HoleAsync()
    {
        lock (_lock)
        {
            _single = true;
        }

        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Sends what is pending, if anything. Sends go out one at a time, in tag order: a multiple ack for a
    /// tag already covered would close the channel (unknown delivery tag).</summary>
    public async ValueTask FlushAsync()
    {
        await _sending.WaitAsync().ConfigureAwait(false);
        try
        {
            ulong tag;
            lock (_lock)
            {
                tag = _pendingTag;
                _pendingTag = 0;
                _pendingCount = 0;
            }

            if (tag != 0)
            {
                await SendCoreAsync(tag, multiple: true).ConfigureAwait(false);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The queued flush: the dispatch gave its thread back (or another thread took the item first).</summary>
    void IThreadPoolWorkItem.Execute()
    {
        lock (_lock)
        {
            _scheduled = false;
        }

        var flush = FlushAsync();
        if (!flush.IsCompletedSuccessfully)
        {
            _ = flush.AsTask(); // A send that did not complete at once: it logs its own failures.
        }
    }

    private async ValueTask SendAsync(ulong deliveryTag, bool multiple)
    {
        await _sending.WaitAsync().ConfigureAwait(false);
        try
        {
            await SendCoreAsync(deliveryTag, multiple).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async ValueTask SendCoreAsync(ulong deliveryTag, bool multiple)
    {
        if (!_channel.IsOpen)
        {
            return; // The broker requeues what this channel had not acknowledged.
        }

        try
        {
            await _channel.BasicAckAsync(deliveryTag, multiple, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex) || ex is ObjectDisposedException)
        {
            RabbitMqLog.AckFailed(_logger, _queues, BrokerErrors.Describe(ex));
        }
    }
}
