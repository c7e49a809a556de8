using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// The send connection's channel for replies to direct reply-to addresses (docs/rabbitmq.md, "Direct reply-to"):
/// without publisher confirms, and a reply is sent once it is written to the connection.
/// </summary>
/// <remarks>Why no confirm: for such an address the broker confirms at once, whether the caller's channel is still
/// there or not, so the confirm says nothing; it cost the broker an ack frame, and the server a pending publish and a
/// wake-up, per call (bench/results/NOTES.md). A reply is never mandatory there and cannot be re-routed, so nothing
/// would be retried on a confirm either. What is given up: a reply written just before the server's send connection
/// fails is not sent again; the caller gets its timeout, as when its own channel closes. Nor is a reply whose address
/// belongs to a channel on a cluster node that is gone, for which RabbitMQ 3.10 closes the publishing connection with
/// 541 (rabbit_channel:deliver_reply): once written, it cannot take the connection down a second time. RabbitMQ.Client 7 writes each
/// publish as one block, so many replies may be published at once on this channel; the properties are shared and
/// never changed.</remarks>
internal sealed class DirectReplyChannel : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly BasicProperties _properties;
    private volatile bool _broken;
    private long _published;

    private DirectReplyChannel(IConnection connection, IChannel channel, string? compression)
    {
        Connection = connection;
        _channel = channel;
        // oslo's properties (docs/wire-protocol.md, "Publish properties"), as every other publish of this driver.
        _properties = PipelinedChannel.CreateProperties();
        if (compression is not null)
        {
            _properties.Headers![MessageCompression.Header] = compression;
        }
    }

    /// <summary>The connection the channel belongs to.</summary>
    public IConnection Connection { get; }

    /// <summary>Open and not known to be broken.</summary>
    public bool IsUsable => _channel.IsOpen && !_broken;

    /// <summary>Replies published (for tests).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Opens the channel on <paramref name="connection"/>; <paramref name="compression"/> is kombu's
    /// <c>compression</c> header value of every publish, or null.</summary>
    public static async Task<DirectReplyChannel> OpenAsync(IConnection connection, string? compression, CancellationToken cancellationToken)
    {
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false);
        var channel = await connection.CreateChannelAsync(options, cancellationToken).ConfigureAwait(false);
        return new DirectReplyChannel(connection, channel, compression);
    }

    /// <summary>Writes <paramref name="body"/> to <paramref name="address"/> on the default exchange, never mandatory
    /// (the broker would return a delivered reply: see <see cref="DirectReplyTo"/>). Not cancellable: a publish half
    /// written would break the connection's framing for every other publish.</summary>
    /// <returns>Completes when the body is written (it may be reused then).</returns>
    public ValueTask PublishAsync(string address, ReadOnlyMemory<byte> body)
    {
        Interlocked.Increment(ref _published);
        return _channel.BasicPublishAsync("", address, mandatory: false, _properties, body, CancellationToken.None);
    }

    /// <summary>A publish on this channel failed: the next reply opens another.</summary>
    public void MarkBroken() => _broken = true;

    public async ValueTask DisposeAsync()
    {
        _broken = true;
        await BrokerObjects.CloseAsync(_channel).ConfigureAwait(false);
    }
}
