using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>
/// Checks declared exchanges and queues without rabbitmqctl: re-declaring with the same flags and arguments succeeds,
/// with different ones the broker answers 406 PRECONDITION_FAILED. Each check uses a fresh channel (an error closes it).
/// </summary>
public sealed class BrokerProbe(IConnection connection) : IAsyncDisposable
{
    public static async Task<BrokerProbe> ConnectAsync() => new(await TestBroker.ConnectRawAsync());

    public IConnection Connection => connection;

    /// <summary>Re-declares a queue; returns null on success or the broker's reply code.</summary>
    public async Task<int?> DeclareQueueAsync(string name, bool durable, bool autoDelete, IDictionary<string, object?>? arguments)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueueDeclareAsync(name, durable, exclusive: false, autoDelete, arguments);
            return null;
        }
        catch (OperationInterruptedException ex)
        {
            return ex.ShutdownReason?.ReplyCode;
        }
    }

    /// <summary>Re-declares an exchange; returns null on success or the broker's reply code.</summary>
    public async Task<int?> DeclareExchangeAsync(string name, string type, bool durable, bool autoDelete)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.ExchangeDeclareAsync(name, type, durable, autoDelete);
            return null;
        }
        catch (OperationInterruptedException ex)
        {
            return ex.ShutdownReason?.ReplyCode;
        }
    }

    /// <summary>The queue's consumer count, or null when it does not exist.</summary>
    public async Task<uint?> ConsumersAsync(string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount;
        }
        catch (OperationInterruptedException)
        {
            return null;
        }
    }

    /// <summary>The queue's ready messages (not delivered to a consumer yet), or null when it does not exist.</summary>
    public async Task<uint?> ReadyAsync(string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return null;
        }
    }

    /// <summary>Deletes a queue (as an operator or a broker failure would).</summary>
    public async Task DeleteQueueAsync(string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
    }

    /// <summary>Deletes an exchange.</summary>
    public async Task DeleteExchangeAsync(string exchange)
    {
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeleteAsync(exchange);
    }

    public async ValueTask DisposeAsync()
    {
        await connection.CloseAsync();
        await connection.DisposeAsync();
    }

    /// <summary>Publishes raw bytes.</summary>
    public async Task PublishAsync(string exchange, string routingKey, byte[] body, string? contentType = "application/json")
    {
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties { ContentType = contentType, DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body);
    }
}
