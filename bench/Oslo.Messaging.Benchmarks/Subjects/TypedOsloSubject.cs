using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Contracts;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Benchmarks.Subjects;

/// <summary>
/// <see cref="OsloSubject"/> with the typed contract <see cref="IBenchEchoApi"/>: the generated proxy
/// (<see cref="BenchEchoApiClient"/>) on the client and the generated endpoint (<see cref="BenchEchoApiEndpoint"/>, no
/// reflection) on the server; same transports, options and messages, so the rows differ only by the typed path.
/// The contract fixes the topic (<c>bench_typed</c>, where <see cref="OsloSubject"/> takes one per process): one typed
/// worker per transport runs at a time, and each run has its own broker.
/// </summary>
internal sealed class TypedOsloSubject(string name, string url, Func<TransportOptions> options, IReadOnlyDictionary<string, string> info) : IBenchSubject
{
    private readonly TypedEchoService _service = new();
    private Transport? _serverTransport;
    private Transport? _clientTransport;
    private RpcServer? _server;
    private BenchEchoApiClient? _client;

    public string Name => name;

    public IReadOnlyDictionary<string, string> Info => info;

    public long CastsReceived => _service.Notes;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _serverTransport = await Transport.CreateAsync(url, options(), cancellationToken).ConfigureAwait(false);
        _clientTransport = await Transport.CreateAsync(url, options(), cancellationToken).ConfigureAwait(false);
        ContractEndpoint[] endpoints = [new BenchEchoApiEndpoint(_service)];
        _server = new RpcServer(_serverTransport, new Target(BenchEchoApiClient.Topic, server: "bench"), endpoints);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        _client = new BenchEchoApiClient(_clientTransport, new RpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
    }

    // The proxy's task as it is, as OsloSubject passes the client's: an await here would add a state machine per call
    // that is the adapter's, not the library's (string and string? are one type at run time).
    public ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken) =>
        _client!.EchoAsync(new RequestContext(), payload, cancellationToken)!;

    public ValueTask CastAsync(string payload, CancellationToken cancellationToken) =>
        _client!.NoteAsync(new RequestContext(), payload, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        if (_clientTransport is not null)
        {
            await _clientTransport.DisposeAsync().ConfigureAwait(false);
        }

        if (_serverTransport is not null)
        {
            await _serverTransport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
