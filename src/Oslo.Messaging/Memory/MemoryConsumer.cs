using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Memory;

/// <summary>Takes messages of one queue, one at a time, and hands them to a handler ("acknowledged" when taken).</summary>
internal sealed class MemoryConsumer
{
    private readonly MemoryQueue _queue;
    private readonly Channel<MemoryDelivery> _channel;
    private readonly ChannelReader<MemoryDelivery> _reader;
    private readonly IMessageHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemoryConsumer(MemoryQueue queue, IMessageHandler handler, TimeProvider time, ILogger logger)
    {
        _queue = queue;
        _handler = handler;
        _time = time;
        _logger = logger;
        _reader = queue.AddConsumer(out _channel);
        _loop = Task.Run(RunAsync);
    }

    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
        _queue.RemoveConsumer(_channel);
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
