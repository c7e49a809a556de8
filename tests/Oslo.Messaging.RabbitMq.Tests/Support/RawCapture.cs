using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>A queue of the test's own, bound where the transport publishes, consumed by a plain RabbitMQ.Client consumer.</summary>
public sealed class RawCapture : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly Channel<CapturedMessage> _received = System.Threading.Channels.Channel.CreateUnbounded<CapturedMessage>();

    private RawCapture(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        Queue = queue;
    }

    /// <summary>The capture queue's name (also usable as a raw reply queue).</summary>
    public string Queue { get; }

    /// <summary>The channel, to publish raw messages or declare things.</summary>
    public IChannel Channel => _channel;

    /// <summary>Declares an exclusive queue, binds it to <paramref name="exchange"/> (declared with <paramref name="exchangeType"/>
    /// and oslo's default flags unless null), and consumes it.</summary>
    public static async Task<RawCapture> StartAsync(string? exchange = null, string routingKey = "", string exchangeType = "topic",
        bool exchangeAutoDelete = false)
    {
        var connection = await TestBroker.ConnectRawAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(TestBroker.Unique("capture"), durable: false, exclusive: true, autoDelete: true)).QueueName;
        if (exchange is not null)
        {
            await channel.ExchangeDeclareAsync(exchange, exchangeType, durable: false, autoDelete: exchangeAutoDelete);
            await channel.QueueBindAsync(queue, exchange, routingKey);
        }

        var capture = new RawCapture(connection, channel, queue);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += capture.OnReceivedAsync;
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return capture;
    }

    /// <summary>The next message, or <see cref="TimeoutException"/>.</summary>
    public async Task<CapturedMessage> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Nothing arrived in capture queue {Queue} within {timeout}");
        }
    }

    /// <summary>Publishes raw bytes with oslo's properties (or the given content type).</summary>
    public async Task PublishAsync(string exchange, string routingKey, byte[] body, string? contentType = "application/json", string? replyTo = null)
    {
        var properties = new BasicProperties
        {
            ContentType = contentType,
            ContentEncoding = "utf-8",
            DeliveryMode = DeliveryModes.Persistent,
            ReplyTo = replyTo,
        };
        await _channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body);
    }

    /// <summary>Consumes <c>amq.rabbitmq.reply-to</c> (no-ack) on this capture's channel, so that messages published
    /// here with <c>replyTo: "amq.rabbitmq.reply-to"</c> get their direct replies; they arrive in the capture's
    /// <see cref="NextAsync"/> with the routing key the server used.</summary>
    public async Task ConsumeDirectRepliesAsync()
    {
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += OnReceivedAsync;
        await _channel.BasicConsumeAsync("amq.rabbitmq.reply-to", autoAck: true, consumer);
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        await _connection.DisposeAsync();
    }

    private Task OnReceivedAsync(object sender, BasicDeliverEventArgs e)
    {
        var p = e.BasicProperties;
        _received.Writer.TryWrite(new CapturedMessage(
            e.Exchange, e.RoutingKey, p.ContentType, p.ContentEncoding, (byte)p.DeliveryMode, p.Priority,
            p.Headers is null ? null : new Dictionary<string, object?>(p.Headers), p.Expiration, p.IsCorrelationIdPresent(),
            p.IsReplyToPresent(), p.IsMessageIdPresent(), e.Body.ToArray(), p.ReplyTo));
        return Task.CompletedTask;
    }
}
