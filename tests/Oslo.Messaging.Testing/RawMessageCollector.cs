using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Testing;

/// <summary>
/// An <see cref="IMessageHandler"/> that keeps a copy of every body it receives, to look at raw replies or requests
/// (for example as the handler of <c>Driver.StartReplyConsumerAsync</c> or <c>Driver.ListenAsync</c>).
/// </summary>
public sealed class RawMessageCollector : IMessageHandler
{
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>();

    /// <inheritdoc/>
    public ValueTask HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        _received.Writer.TryWrite(message.Body.ToArray());
        return ValueTask.CompletedTask;
    }

    /// <summary>The next body received, waiting up to <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Nothing arrived in time.</exception>
    public async Task<byte[]> ReadAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No message within {timeout}");
        }
    }

    /// <summary>The next message, unwrapped from its oslo v2 envelope (or as is when it has none).</summary>
    public async Task<JsonElement> ReadMessageAsync(TimeSpan timeout) => OsloWire.Open(await ReadAsync(timeout).ConfigureAwait(false));
}
