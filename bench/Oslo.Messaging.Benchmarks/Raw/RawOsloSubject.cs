using System.Collections.Concurrent;
using Oslo.Messaging.Benchmarks.Harness;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.Benchmarks.Raw;

/// <summary>
/// The oslo pattern written directly on RabbitMQ.Client 7, the ceiling for any library speaking this protocol:
/// the topic exchange and queue (docs/wire-protocol.md, "RabbitMQ topology"), one classic reply queue per client (<c>reply_&lt;hex&gt;</c>, x-expires),
/// the v2 envelope with <c>_msg_id</c>/<c>_reply_q</c>, publisher confirms on every publish (requests and replies),
/// replies mandatory, manual ack on receipt, up to 64 requests handled at once by the server.
/// Connections as oslo's (docs/wire-protocol.md, "Connections"): the server has a listen and a send connection, the client a send connection and
/// one for its reply queue (measured here: faster on 2 cores than one connection per side, whose single reader
/// loop then carries both the deliveries and the confirms). Each send connection has one confirm channel with many
/// publishes in flight.
/// </summary>
internal sealed class RawOsloSubject(string url) : IBenchSubject
{
    private const string Exchange = "openstack";
    private static readonly TimeSpan _callTimeout = TimeSpan.FromSeconds(30);
    private static readonly BasicProperties _callProperties = RabbitConnections.OsloProperties("30000");
    private static readonly BasicProperties _castProperties = RabbitConnections.OsloProperties(null);
    private readonly string _topic = $"bench_raw_{Environment.ProcessId}";
    private readonly string _replyQueue = "reply_" + WireCodec.NewId();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _waiters = new(StringComparer.Ordinal);
    private IConnection? _serverConnection;
    private IConnection? _serverSendConnection;
    private IConnection? _clientConnection;
    private IConnection? _clientSendConnection;
    private IChannel? _serverPublish;
    private IChannel? _clientPublish;
    private long _casts;

    public string Name => "raw-oslo";

    public IReadOnlyDictionary<string, string> Info { get; private set; } = new Dictionary<string, string>();

    public long CastsReceived => Interlocked.Read(ref _casts);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var confirms = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        _serverConnection = await RabbitConnections.Factory(url, "bench-raw-server").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _serverSendConnection = await RabbitConnections.Factory(url, "bench-raw-server-send").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _serverPublish = await _serverSendConnection.CreateChannelAsync(confirms, cancellationToken).ConfigureAwait(false);
        var listen = await _serverConnection.CreateChannelAsync(
            new CreateChannelOptions(false, false, consumerDispatchConcurrency: 64), cancellationToken).ConfigureAwait(false);
        await RabbitConnections.DeclareTopicAsync(listen, Exchange, _topic, cancellationToken).ConfigureAwait(false);
        var server = new AsyncEventingBasicConsumer(listen);
        server.ReceivedAsync += (_, delivery) => OnRequestAsync(listen, delivery);
        await listen.BasicConsumeAsync(_topic, autoAck: false, server, cancellationToken).ConfigureAwait(false);

        _clientConnection = await RabbitConnections.Factory(url, "bench-raw-client").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _clientSendConnection = await RabbitConnections.Factory(url, "bench-raw-client-send").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _clientPublish = await _clientSendConnection.CreateChannelAsync(confirms, cancellationToken).ConfigureAwait(false);
        var replies = await _clientConnection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await replies.QueueDeclareAsync(_replyQueue, durable: false, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-expires"] = 1_800_000 }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var client = new AsyncEventingBasicConsumer(replies);
        client.ReceivedAsync += (_, delivery) => OnReplyAsync(replies, delivery);
        await replies.BasicConsumeAsync(_replyQueue, autoAck: false, client, cancellationToken).ConfigureAwait(false);
        Info = RabbitConnections.Info(_clientConnection, "RabbitMQ.Client 7, oslo topology, classic reply queue, confirms");
    }

    public async ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken)
    {
        var id = WireCodec.NewId();
        var waiter = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[id] = waiter;
        try
        {
            var body = WireCodec.EncodeRequest("echo", payload, id, _replyQueue);
            await _clientPublish!.BasicPublishAsync(Exchange, _topic, false, _callProperties, body, cancellationToken).ConfigureAwait(false);
            return await waiter.Task.WaitAsync(_callTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waiters.TryRemove(id, out _);
        }
    }

    public ValueTask CastAsync(string payload, CancellationToken cancellationToken) =>
        _clientPublish!.BasicPublishAsync(Exchange, _topic, false, _castProperties, WireCodec.EncodeRequest("note", payload, null, null), cancellationToken);

    public ValueTask DisposeAsync() => new(RabbitConnections.CloseAsync(_clientSendConnection, _clientConnection, _serverSendConnection, _serverConnection));

    private async Task OnRequestAsync(IChannel channel, BasicDeliverEventArgs delivery)
    {
        var request = WireCodec.DecodeRequest(delivery.Body.Span);
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false); // oslo acks on receipt
        if (request.Method == "note")
        {
            Interlocked.Increment(ref _casts);
            return;
        }

        if (request.MessageId is null || request.ReplyQueue is null)
        {
            return;
        }

        var reply = WireCodec.EncodeReply(request.MessageId, request.Payload);
        await _serverPublish!.BasicPublishAsync("", request.ReplyQueue, true, _castProperties, reply).ConfigureAwait(false);
    }

    private async Task OnReplyAsync(IChannel channel, BasicDeliverEventArgs delivery)
    {
        var (id, result) = WireCodec.DecodeReply(delivery.Body.Span);
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
        if (id is not null && _waiters.TryGetValue(id, out var waiter))
        {
            waiter.TrySetResult(result);
        }
    }
}
