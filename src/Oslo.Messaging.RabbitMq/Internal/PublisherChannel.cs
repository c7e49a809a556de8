using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// One publishing channel with publisher confirms, used by one send at a time (the pool guarantees it). Because only
/// one message is in flight, a <c>basic.return</c> (which the broker sends before the <c>basic.ack</c> of the same
/// message) belongs to it without any correlation header: RabbitMQ.Client's own confirm tracking would add an
/// <c>x-dotnet-pub-seq-no</c> header, and oslo's wire has <c>headers {}</c>.
/// </summary>
internal sealed class PublisherChannel : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly HashSet<string> _declaredExchanges = new(StringComparer.Ordinal);
    private readonly BasicProperties _properties;
    private readonly Lock _sync = new();
    private TaskCompletionSource<PublishOutcome>? _pending;
    private ulong _pendingTag;
    private PublishOutcome? _returned;
    private bool _abandoned;

    private PublisherChannel(IConnection connection, IChannel channel)
    {
        Connection = connection;
        _channel = channel;
        _properties = CreateProperties();
        channel.BasicAcksAsync += OnAckAsync;
        channel.BasicNacksAsync += OnNackAsync;
        channel.BasicReturnAsync += OnReturnAsync;
        channel.ChannelShutdownAsync += OnShutdownAsync;
    }

    /// <summary>The connection the channel belongs to.</summary>
    public IConnection Connection { get; }

    /// <summary>Open, and no send gave up on it while waiting for a confirm (a late confirm would confuse the next send).</summary>
    public bool IsReusable => _channel.IsOpen && !_abandoned;

    /// <summary>oslo's message properties (docs/wire-protocol.md, "Publish properties"): JSON, UTF-8, persistent, priority 0, empty headers table.</summary>
    /// <remarks>RabbitMQ.Client 7 treats priority 0 as "absent", so the priority property is not put on the wire;
    /// AMQP's default priority is 0, which is what every receiver sees.</remarks>
    public static BasicProperties CreateProperties() => new()
    {
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        DeliveryMode = DeliveryModes.Persistent,
        Priority = 0,
        Headers = new Dictionary<string, object?>(StringComparer.Ordinal),
    };

    public static async Task<PublisherChannel> OpenAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false);
        var channel = await connection.CreateChannelAsync(options, cancellationToken).ConfigureAwait(false);
        return new PublisherChannel(connection, channel);
    }

    /// <summary>Declares <paramref name="exchange"/> once per channel, with oslo's flags, before the first publish to it.</summary>
    public async ValueTask DeclareAsync(ExchangeSpec exchange, CancellationToken cancellationToken)
    {
        if (_declaredExchanges.Contains(exchange.Name))
        {
            return;
        }

        await _channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete,
            arguments: null, passive: false, noWait: false, cancellationToken).ConfigureAwait(false);
        _declaredExchanges.Add(exchange.Name);
    }

    /// <summary>Publishes and waits for the broker's verdict.</summary>
    public async ValueTask<PublishOutcome> PublishAsync(Route route, bool mandatory, TimeSpan? timeToLive, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<PublishOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tag = await _channel.GetNextPublishSequenceNumberAsync(cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            _pending = pending;
            _pendingTag = tag;
            _returned = null;
        }

        _properties.Expiration = timeToLive is { } ttl
            ? ((long)Math.Max(0, ttl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) // oslo: str(int(timeout * 1000))
            : null;
        _properties.Headers!.Clear();
        try
        {
            await _channel.BasicPublishAsync(route.Exchange, route.RoutingKey, mandatory, _properties, body, cancellationToken).ConfigureAwait(false);
            return await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_sync)
            {
#pragma warning disable CA1508 // Not always true: a broker confirm arriving on another thread clears _pending.
                _abandoned = _pending is not null;
#pragma warning restore CA1508
                _pending = null;
            }

            throw;
        }
    }

    public ValueTask DisposeAsync() => new(BrokerObjects.CloseAsync(_channel));

    private Task OnAckAsync(object sender, BasicAckEventArgs e)
    {
        Complete(e.DeliveryTag, e.Multiple, ack: true);
        return Task.CompletedTask;
    }

    private Task OnNackAsync(object sender, BasicNackEventArgs e)
    {
        Complete(e.DeliveryTag, e.Multiple, ack: false);
        return Task.CompletedTask;
    }

    private Task OnReturnAsync(object sender, BasicReturnEventArgs e)
    {
        lock (_sync)
        {
            if (_pending is not null)
            {
                _returned = new PublishOutcome(PublishOutcomeKind.Returned, e.ReplyCode, e.ReplyText);
            }
        }

        return Task.CompletedTask;
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs e)
    {
        TaskCompletionSource<PublishOutcome>? pending;
        lock (_sync)
        {
            pending = _pending;
            _pending = null;
        }

        pending?.TrySetResult(new PublishOutcome(PublishOutcomeKind.ChannelClosed, e.ReplyCode, e.ReplyText));
        return Task.CompletedTask;
    }

    private void Complete(ulong deliveryTag, bool multiple, bool ack)
    {
        TaskCompletionSource<PublishOutcome>? pending = null;
        var outcome = PublishOutcome.Confirmed;
        lock (_sync)
        {
            if (_pending is not null && (deliveryTag == _pendingTag || (multiple && deliveryTag >= _pendingTag)))
            {
                pending = _pending;
                outcome = !ack ? new PublishOutcome(PublishOutcomeKind.Nacked) : _returned ?? PublishOutcome.Confirmed;
                _pending = null;
            }
        }

        pending?.TrySetResult(outcome);
    }
}
