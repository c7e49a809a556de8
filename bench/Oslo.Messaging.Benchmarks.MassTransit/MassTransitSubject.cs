using System.Reflection;
using MassTransit;
using Oslo.Messaging.Benchmarks.Harness;

namespace Oslo.Messaging.Benchmarks.MassTransit;

/// <summary>
/// MassTransit 8 over RabbitMQ, as its documentation sets it up: a bus with a receive endpoint whose handlers answer
/// <see cref="EchoRequest"/> (RespondAsync) and count <see cref="NoteMessage"/>, and a request client. Publisher
/// confirms are MassTransit's default (on). The endpoint takes 64 messages at once (ConcurrentMessageLimit, like this
/// library's pooled executor) with a prefetch of 128; the bus endpoint, which receives the responses, a prefetch of 256
/// (MassTransit's default prefetch of 2 x cores would cap the concurrency sweep, not measure MassTransit).
/// </summary>
internal sealed class MassTransitSubject(string url) : IBenchSubject
{
    private readonly string _queue = $"bench_mt_{Environment.ProcessId}";
    private IBusControl? _bus;
    private IRequestClient<EchoRequest>? _client;
    private ISendEndpoint? _send;
    private long _casts;

    public string Name => "masstransit";

    public IReadOnlyDictionary<string, string> Info { get; } = new Dictionary<string, string>
    {
        ["what"] = "MassTransit request client + handler, RabbitMQ transport, confirms",
        ["masstransit"] = typeof(IBus).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?",
    };

    public long CastsReceived => Interlocked.Read(ref _casts);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // --cluster gives several hosts: MassTransit connects to the first (the raw client does the same).
        var authority = url.Split('/')[2];
        var uri = new Uri(url.Replace(authority, authority.Split(',')[0], StringComparison.Ordinal));
        var quorum = Environment.GetEnvironmentVariable("OSLO_BENCH_QUORUM") == "1";
        var user = uri.UserInfo.Split(':', 2);
        _bus = Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.Host(uri.Host, (ushort)(uri.Port > 0 ? uri.Port : 5672), "/", "bench-masstransit", host =>
            {
                host.Username(Uri.UnescapeDataString(user[0]));
                host.Password(user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "");
            });
            bus.PrefetchCount = 256;
            bus.ReceiveEndpoint(_queue, endpoint =>
            {
                endpoint.PrefetchCount = 128;
                endpoint.ConcurrentMessageLimit = 64;
                if (quorum)
                {
                    endpoint.SetQuorumQueue();
                }

                endpoint.Handler<EchoRequest>(context => context.RespondAsync(new EchoResponse(context.Message.Payload)));
                endpoint.Handler<NoteMessage>(_ =>
                {
                    Interlocked.Increment(ref _casts);
                    return Task.CompletedTask;
                });
            });
        });
        await _bus.StartAsync(cancellationToken).ConfigureAwait(false);
        // A "queue:" address makes the sending side declare the queue too, with MassTransit's default (classic)
        // arguments: against the quorum queue the endpoint declared, RabbitMQ refuses that (406 inequivalent arg
        // 'x-queue-type'), MassTransit retries for ever and no request leaves. The endpoint's exchange of the same
        // name, bound to the queue by the endpoint, takes the same route and declares only the exchange.
        var address = new Uri(quorum ? $"exchange:{_queue}" : $"queue:{_queue}");
        _client = _bus.CreateRequestClient<EchoRequest>(address, RequestTimeout.After(s: 30));
        _send = await _bus.GetSendEndpoint(address).ConfigureAwait(false);
    }

    public async ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken)
    {
        var response = await _client!.GetResponse<EchoResponse>(new EchoRequest(payload), cancellationToken).ConfigureAwait(false);
        return response.Message.Payload;
    }

    public ValueTask CastAsync(string payload, CancellationToken cancellationToken) =>
        new(_send!.Send(new NoteMessage(payload), cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync().ConfigureAwait(false);
        }
    }
}
