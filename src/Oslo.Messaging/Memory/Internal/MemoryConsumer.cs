using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Memory.Internal;

/// <summary>Takes messages of one queue, one at a time, and hands them to a handler: an RPC handler's message is
/// "acknowledged" when taken; a notification handler's when the handler settles it, and put back on the queue when it
/// asks, or when it is still unsettled once the consumer is released.</summary>
/// <remarks>Stopping is final: <see cref="StopAsync"/> and <see cref="DisposeAsync"/> are the same, idempotent step;
/// settlements still work afterwards, until <see cref="ReleaseUnsettled"/>.</remarks>
internal sealed class MemoryConsumer : IAsyncDisposable
{
    private readonly MemoryQueue _queue;
    private readonly Channel<MemoryDelivery> _channel;
    private readonly ChannelReader<MemoryDelivery> _reader;
    private readonly IMessageHandler? _handler;
    private readonly IAcknowledgingMessageHandler? _acknowledging;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lazy<Task> _stopping;
    private readonly HashSet<MemorySettlement> _unsettled = [];

    public MemoryConsumer(MemoryQueue queue, IMessageHandler handler, TimeProvider time, ILogger logger)
        : this(queue, handler, null, time, logger)
    {
    }

    public MemoryConsumer(MemoryQueue queue, IAcknowledgingMessageHandler handler, TimeProvider time, ILogger logger)
        : this(queue, null, handler, time, logger)
    {
    }

    private MemoryConsumer(MemoryQueue queue, IMessageHandler? handler, IAcknowledgingMessageHandler? acknowledging, TimeProvider time, ILogger logger)
    {
        _queue = queue;
        _handler = handler;
        _acknowledging = acknowledging;
        _time = time;
        _logger = logger;
        _reader = queue.AddConsumer(out _channel);
        _loop = Task.Run(RunAsync);
        _stopping = new Lazy<Task>(StopOnceAsync);
    }

    public Task StopAsync() => _stopping.Value;

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StopOnceAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _queue.Detach(_channel); // completes the channel: the loop, waiting without a token, wakes up and sees the stop
        await _loop.ConfigureAwait(false);
        _queue.RequeueUnread(_channel);
        _stop.Dispose(); // the loop, its only other user, has ended
    }

    /// <summary>Puts every message handed over but not settled back on the queue (the listener is disposed).</summary>
    public void ReleaseUnsettled()
    {
        MemorySettlement[] unsettled;
        lock (_unsettled)
        {
            unsettled = [.. _unsettled];
            _unsettled.Clear();
        }

        foreach (var settlement in unsettled)
        {
            settlement.Release();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // Pooled state machine: one less allocation per message (bench/results/NOTES.md).
    private async ValueTask DeliverAsync(MemoryDelivery delivery)
    {
        var message = new IncomingMessage(delivery.Body, "application/json", _queue.Name);
        if (_handler is not null)
        {
            await _handler.HandleAsync(message, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // Settled by the handler, possibly later; a requeued message goes back to the queue (RabbitMQ's basic.reject requeue).
        var settlement = new MemorySettlement(_queue, delivery, Forget);
        lock (_unsettled)
        {
            _unsettled.Add(settlement);
        }

        try
        {
            await _acknowledging!.HandleAsync(message, settlement, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            await settlement.SettleAsync(DeliveryOutcome.Acknowledge).ConfigureAwait(false); // broke its contract: never loop
            throw;
        }
    }

    private void Forget(MemorySettlement settlement)
    {
        lock (_unsettled)
        {
            _unsettled.Remove(settlement);
        }
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            // Without the stop token: a channel reuses its one wait only for a token that cannot be cancelled (with the
            // token, every wait for the next message allocated one). Stopping completes the channel instead (StopOnceAsync).
            while (!token.IsCancellationRequested && await _reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (!token.IsCancellationRequested && _reader.TryRead(out var delivery))
                {
                    if (delivery.ExpiresAt != 0 && _time.GetTimestamp() > delivery.ExpiresAt)
                    {
                        continue; // Expired while queued: RabbitMQ discards it too.
                    }

                    try
                    {
                        // Not the stop token: a message taken from the queue is handed over whole, never half-dropped.
                        await DeliverAsync(delivery).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        MemoryLog.HandlerFailed(_logger, _queue.Name, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
