using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Memory.Internal;

/// <summary>Takes messages of one queue, one at a time, and hands them to a handler ("acknowledged" when taken).</summary>
/// <remarks>Stopping is final: <see cref="StopAsync"/> and <see cref="DisposeAsync"/> are the same, idempotent step.</remarks>
internal sealed class MemoryConsumer : IAsyncDisposable
{
    private readonly MemoryQueue _queue;
    private readonly Channel<MemoryDelivery> _channel;
    private readonly ChannelReader<MemoryDelivery> _reader;
    private readonly IMessageHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lazy<Task> _stopping;

    public MemoryConsumer(MemoryQueue queue, IMessageHandler handler, TimeProvider time, ILogger logger)
    {
        _queue = queue;
        _handler = handler;
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
        await _loop.ConfigureAwait(false);
        _queue.RemoveConsumer(_channel);
        _stop.Dispose(); // the loop, its only other user, has ended
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            while (await _reader.WaitToReadAsync(token).ConfigureAwait(false))
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
                        await _handler.HandleAsync(new IncomingMessage(delivery.Body, "application/json", _queue.Name), CancellationToken.None).ConfigureAwait(false);
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
