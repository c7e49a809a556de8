using System.Threading.Channels;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>An <see cref="IAcknowledgingMessageHandler"/> that acknowledges every message at once and keeps its source
/// queue, for driver-level notification tests.</summary>
public sealed class SettlingHandler : IAcknowledgingMessageHandler
{
    private readonly Channel<string> _sources = Channel.CreateUnbounded<string>();

    public async ValueTask HandleAsync(IncomingMessage message, IMessageSettlement settlement, CancellationToken cancellationToken)
    {
        await settlement.SettleAsync(DeliveryOutcome.Acknowledge);
        _sources.Writer.TryWrite(message.Source);
    }

    /// <summary>The source queue of the next message, or <see cref="TimeoutException"/>.</summary>
    public async Task<string> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _sources.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No message within {timeout}");
        }
    }
}
