using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>Makes the broker close a channel the driver owns, as a refused declare would.</summary>
internal static class ChannelFailure
{
    /// <summary>
    /// A passive declare of a queue that does not exist: the broker answers 404 and closes the channel. The declare sees
    /// the close as an <see cref="OperationInterruptedException"/>, or as an <see cref="ObjectDisposedException"/> when
    /// the driver's recovery has already disposed the closed channel (RabbitMQ.Client releases the channel's RPC
    /// semaphore after the close; both orders happen in CI).
    /// </summary>
    public static async Task Close404Async(IChannel channel)
    {
        var refused = await Record.ExceptionAsync(() => channel.QueueDeclarePassiveAsync(TestBroker.Unique("missing")));
        Assert.True(refused is OperationInterruptedException or ObjectDisposedException, $"expected the channel closed by the broker, got {refused?.ToString() ?? "no error"}");
    }
}
