using Oslo.Messaging.Benchmarks.Harness;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.Benchmarks.Raw;

/// <summary>
/// The broker's own ceiling on this machine, perf-test style: producers publish oslo-sized bodies (the v2 envelope of
/// the scenario's request, as <c>raw-oslo</c> sends it) to a queue through the default exchange, no confirms, no RPC;
/// one consumer on its own connection takes them in auto-ack mode and counts. For call scenarios the runner reports
/// messages/s / 2 as calls/s (<see cref="IThroughputCeiling"/>).
/// </summary>
/// <remarks>At most <see cref="Window"/> messages are between the producers and the consumer: a producer waits for a
/// slot, the consumer frees one per message it counts. Without it the producers published as fast as the socket took
/// them, the queue grew a backlog, the broker throttled the publishers (credit flow), and the row measured that
/// backlog: below every RPC implementation (5,657-6,114 "calls"/s against oslo-rabbit's 10,964 in conc-64, run of
/// record of 2026-11-30 23:21), so it was no ceiling. perf-test bounds what is in flight the same way (its
/// <c>--confirm</c> window); a consumer's count is the cheapest bound, as it adds no confirm work to the broker.</remarks>
internal sealed class BrokerCeilingSubject(string url) : IThroughputCeiling
{
    private readonly string _queue = $"bench_ceiling_{Environment.ProcessId}";
    private readonly BasicProperties _properties = new() { ContentType = "application/json", ContentEncoding = "utf-8" };
    private IConnection? _producer;
    private IConnection? _consumer;
    private IChannel? _publish;
    private IChannel? _consume;
    private string? _payload;
    private byte[] _body = [];
    private long _received;

    /// <summary>Messages in flight at most: twice the 128 that 64 outstanding calls can keep in flight (a request and a reply each).</summary>
    private const int Window = 256;

    private readonly SemaphoreSlim _slots = new(Window, Window);

    public string Name => "broker-ceiling";

    public IReadOnlyDictionary<string, string> Info { get; private set; } = new Dictionary<string, string>();

    public long CastsReceived => Interlocked.Read(ref _received);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _consumer = await RabbitConnections.Factory(url, "bench-ceiling-consumer").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _consume = await _consumer.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await _consume.QueueDeclareAsync(_queue, durable: false, exclusive: false, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(_consume);
        consumer.ReceivedAsync += (_, _) =>
        {
            Interlocked.Increment(ref _received);
            _slots.Release();
            return Task.CompletedTask;
        };
        await _consume.BasicConsumeAsync(_queue, autoAck: true, consumer, cancellationToken).ConfigureAwait(false);
        _producer = await RabbitConnections.Factory(url, "bench-ceiling-producer").CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        _publish = await _producer.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        Info = RabbitConnections.Info(_producer, "RabbitMQ.Client 7 publish/consume, oslo-sized bodies, no confirms, auto-ack (the broker's ceiling, no RPC)");
    }

    public ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the broker ceiling measures messages, not calls");

    public async ValueTask CastAsync(string payload, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(payload, _payload))
        {
            // The body of a call request carrying this payload (the larger of request and reply), built once per scenario.
            _body = WireCodec.EncodeRequest("echo", payload, WireCodec.NewId(), "reply_" + WireCodec.NewId());
            _payload = payload;
        }

        // A publish that fails keeps its slot (it may have reached the broker, and the consumer's release would then
        // overfill the semaphore): the window only shrinks, and a failed publish fails the round anyway.
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _publish!.BasicPublishAsync("", _queue, false, _properties, _body, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in new[] { _producer, _consumer })
        {
            if (connection is not null)
            {
                await connection.CloseAsync().ConfigureAwait(false);
                connection.Dispose();
            }
        }

        _slots.Dispose();
    }
}
