using System.Collections.Concurrent;
using Oslo.Messaging.Benchmarks.Harness;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.Benchmarks.Raw;

/// <summary>
/// The ceiling for any RPC on this broker: RabbitMQ.Client 7 with direct reply-to (<c>amq.rabbitmq.reply-to</c>),
/// correlation in AMQP properties, a plain JSON body (no envelope), no publisher confirms, auto-ack, requests to the
/// queue through the default exchange, up to 64 requests handled at once. Casts are plain unconfirmed publishes.
/// </summary>
internal sealed class RawDirectReplySubject(string url) : IBenchSubject
{
    private const string DirectReplyTo = "amq.rabbitmq.reply-to";
    private static readonly TimeSpan _callTimeout = TimeSpan.FromSeconds(30);
    private static readonly BasicProperties _castProperties = new() { ContentType = "application/json", Type = "note" };
    private readonly string _queue = $"bench_direct_{Environment.ProcessId}";
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _waiters = new(StringComparer.Ordinal);
    private IConnection? _serverConnection;
    private IConnection? _clientConnection;
    private IChannel? _serverChannel;
    private IChannel? _clientChannel;
    private long _casts;

    public string Name => "raw-direct";

    public IReadOnlyDictionary<string, string> Info { get; private set; } = new Dictionary<string, string>();

    public long CastsReceived => Interlocked.Read(ref _casts);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _serverConnection = await RabbitConnections.Factory(url, "bench-direct-server").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _serverChannel = await _serverConnection.CreateChannelAsync(
            new CreateChannelOptions(false, false, consumerDispatchConcurrency: 64), cancellationToken).ConfigureAwait(false);
        await _serverChannel.QueueDeclareAsync(_queue, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        var server = new AsyncEventingBasicConsumer(_serverChannel);
        server.ReceivedAsync += (_, delivery) => OnRequestAsync(delivery);
        await _serverChannel.BasicConsumeAsync(_queue, autoAck: true, server, cancellationToken).ConfigureAwait(false);

        _clientConnection = await RabbitConnections.Factory(url, "bench-direct-client").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _clientChannel = await _clientConnection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var client = new AsyncEventingBasicConsumer(_clientChannel);
        client.ReceivedAsync += (_, delivery) => OnReply(delivery);
        // Direct reply-to: consume the pseudo-queue (auto-ack) on the channel that publishes the requests.
        await _clientChannel.BasicConsumeAsync(DirectReplyTo, autoAck: true, client, cancellationToken).ConfigureAwait(false);
        Info = RabbitConnections.Info(_clientConnection, "RabbitMQ.Client 7, direct reply-to, no confirms, no envelope");
    }

    public async ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken)
    {
        var id = WireCodec.NewId();
        var waiter = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[id] = waiter;
        try
        {
            var properties = new BasicProperties { ContentType = "application/json", CorrelationId = id, ReplyTo = DirectReplyTo, Expiration = "30000" };
            await _clientChannel!.BasicPublishAsync("", _queue, false, properties, WireCodec.EncodePlain("payload"u8, payload), cancellationToken).ConfigureAwait(false);
            return await waiter.Task.WaitAsync(_callTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waiters.TryRemove(id, out _);
        }
    }

    public ValueTask CastAsync(string payload, CancellationToken cancellationToken) =>
        _clientChannel!.BasicPublishAsync("", _queue, false, _castProperties, WireCodec.EncodePlain("payload"u8, payload), cancellationToken);

    public ValueTask DisposeAsync() => new(RabbitConnections.CloseAsync(_clientConnection, _serverConnection));

    private async Task OnRequestAsync(BasicDeliverEventArgs delivery)
    {
        var payload = WireCodec.DecodePlain(delivery.Body.Span, "payload"u8);
        if (delivery.BasicProperties.ReplyTo is not { } replyTo)
        {
            Interlocked.Increment(ref _casts);
            return;
        }

        var properties = new BasicProperties { ContentType = "application/json", CorrelationId = delivery.BasicProperties.CorrelationId };
        await _serverChannel!.BasicPublishAsync("", replyTo, false, properties, WireCodec.EncodePlain("result"u8, payload!)).ConfigureAwait(false);
    }

    private Task OnReply(BasicDeliverEventArgs delivery)
    {
        if (delivery.BasicProperties.CorrelationId is { } id && _waiters.TryGetValue(id, out var waiter))
        {
            waiter.TrySetResult(WireCodec.DecodePlain(delivery.Body.Span, "result"u8));
        }

        return Task.CompletedTask;
    }
}
