using System.Threading.Channels;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>An <see cref="IMessageHandler"/> that keeps a copy of every message, for driver-level tests.</summary>
public sealed class CollectingHandler : IMessageHandler
{
    private readonly Channel<(byte[] Body, string? ContentType, string Source)> _received =
        Channel.CreateUnbounded<(byte[] Body, string? ContentType, string Source)>();

    public ValueTask HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        _received.Writer.TryWrite((message.Body.ToArray(), message.ContentType, message.Source));
        return ValueTask.CompletedTask;
    }

    /// <summary>The next message, or <see cref="TimeoutException"/>.</summary>
    public async Task<(byte[] Body, string? ContentType, string Source)> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No message within {timeout}");
        }
    }
}
