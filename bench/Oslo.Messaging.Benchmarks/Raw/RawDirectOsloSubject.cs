using System.Collections.Concurrent;
using Oslo.Messaging.Benchmarks.Harness;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.Benchmarks.Raw;

/// <summary>
/// What the broker must do for a .NET-to-.NET call that stays on oslo's wire, written directly on RabbitMQ.Client 7
/// with nothing else: the ceiling for this library's .NET-to-.NET calls. The request goes where a Python server would
/// read it (oslo's topic exchange and queue, the v2 envelope with <c>_msg_id</c> and <c>_reply_q</c>, a confirm
/// channel), with <c>reply_to</c> set to <c>amq.rabbitmq.reply-to</c>; the client does not wait for the request's
/// confirm, as the library's calls do not (docs/rabbitmq.md, "Direct reply-to"). The server acknowledges on receipt
/// (oslo's manual acks), one <c>basic.ack</c> with <c>multiple</c> for up to 8 deliveries as the library's
/// <c>AckBatch</c> does, and replies with oslo's reply envelope to the direct address, without confirms. Up to 64
/// requests are handled at once. Casts are confirmed publishes to the topic, acknowledged on receipt.
/// </summary>
/// <remarks>
/// <c>raw-direct</c> is the broker's fastest RPC; this row differs from it only in what oslo's wire adds on the broker
/// (the topic exchange's routing, publisher confirms, consumer acknowledgements) and in the envelope's size, so the
/// two rows together split a gap between <c>raw-direct</c> and this library into the wire's share and the library's.
/// </remarks>
internal sealed class RawDirectOsloSubject(string url) : IBenchSubject
{
    private const string Exchange = "openstack";
    private const string DirectReplyTo = "amq.rabbitmq.reply-to";
    private const int AckBatch = 8;
    private static readonly TimeSpan _callTimeout = TimeSpan.FromSeconds(30);
    private static readonly BasicProperties _castProperties = RabbitConnections.OsloProperties(null);
    private readonly BasicProperties _callProperties = CallProperties();
    private readonly string _topic = $"bench_direct_oslo_{Environment.ProcessId}";
    private readonly string _replyQueue = "reply_" + WireCodec.NewId(); // named in _reply_q as oslo requires; never read here
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _waiters = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _acking = new(1, 1);
    private IConnection? _serverConnection;
    private IConnection? _serverSendConnection;
    private IConnection? _clientConnection;
    private IChannel? _listen;
    private IChannel? _serverPublish;
    private IChannel? _clientPublish;
    private long _received;
    private ulong _acked;
    private long _casts;

    public string Name => "raw-direct-oslo";

    public IReadOnlyDictionary<string, string> Info { get; private set; } = new Dictionary<string, string>();

    public long CastsReceived => Interlocked.Read(ref _casts);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _serverConnection = await RabbitConnections.Factory(url, "bench-direct-oslo-server").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _serverSendConnection = await RabbitConnections.Factory(url, "bench-direct-oslo-server-send").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Replies to a direct address go out without confirms, as the library's do (a confirm would say nothing).
        _serverPublish = await _serverSendConnection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _listen = await _serverConnection.CreateChannelAsync(
            new CreateChannelOptions(false, false, consumerDispatchConcurrency: 64), cancellationToken).ConfigureAwait(false);
        await RabbitConnections.DeclareTopicAsync(_listen, Exchange, _topic, cancellationToken).ConfigureAwait(false);
        var server = new AsyncEventingBasicConsumer(_listen);
        server.ReceivedAsync += (_, delivery) => OnRequestAsync(delivery);
        await _listen.BasicConsumeAsync(_topic, autoAck: false, server, cancellationToken).ConfigureAwait(false);

        // One client connection, as the library's send connection: requests on a confirm channel that also consumes
        // the direct reply-to pseudo-queue (RabbitMQ requires the publishing channel).
        _clientConnection = await RabbitConnections.Factory(url, "bench-direct-oslo-client").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _clientPublish = await _clientConnection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false), cancellationToken).ConfigureAwait(false);
        var client = new AsyncEventingBasicConsumer(_clientPublish);
        client.ReceivedAsync += (_, delivery) => OnReply(delivery);
        await _clientPublish.BasicConsumeAsync(DirectReplyTo, autoAck: true, client, cancellationToken).ConfigureAwait(false);
        Info = RabbitConnections.Info(_clientConnection, "RabbitMQ.Client 7, oslo's wire (topic, v2 envelope, confirms, acks on receipt) with direct reply-to");
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

    public async ValueTask DisposeAsync()
    {
        await RabbitConnections.CloseAsync(_clientConnection, _serverSendConnection, _serverConnection).ConfigureAwait(false);
        _acking.Dispose();
    }

    private static BasicProperties CallProperties()
    {
        var properties = RabbitConnections.OsloProperties("30000");
        properties.ReplyTo = DirectReplyTo;
        return properties;
    }

    private async Task OnRequestAsync(BasicDeliverEventArgs delivery)
    {
        var request = WireCodec.DecodeRequest(delivery.Body.Span);
        await AcknowledgeAsync(delivery.DeliveryTag).ConfigureAwait(false);
        if (request.Method == "note")
        {
            Interlocked.Increment(ref _casts);
            return;
        }

        if (request.MessageId is null || delivery.BasicProperties.ReplyTo is not { } replyTo)
        {
            return;
        }

        var reply = WireCodec.EncodeReply(request.MessageId, request.Payload);
        await _serverPublish!.BasicPublishAsync("", replyTo, false, _castProperties, reply).ConfigureAwait(false);
    }

    /// <summary>Every 8th delivery acknowledges all up to its tag. Handlers run 64 at once, so a later tag may get
    /// here first: a multiple ack never goes below one already sent (the broker would close the channel). Up to 7
    /// deliveries stay unacknowledged when the run ends, which a benchmark can afford and a server could not.</summary>
    private async ValueTask AcknowledgeAsync(ulong tag)
    {
        if (Interlocked.Increment(ref _received) % AckBatch != 0)
        {
            return;
        }

        await _acking.WaitAsync().ConfigureAwait(false);
        try
        {
            if (tag > _acked)
            {
                _acked = tag;
                await _listen!.BasicAckAsync(tag, multiple: true).ConfigureAwait(false);
            }
        }
        finally
        {
            _acking.Release();
        }
    }

    private Task OnReply(BasicDeliverEventArgs delivery)
    {
        var (id, result) = WireCodec.DecodeReply(delivery.Body.Span);
        if (id is not null && _waiters.TryGetValue(id, out var waiter))
        {
            waiter.TrySetResult(result);
        }

        return Task.CompletedTask;
    }
}
