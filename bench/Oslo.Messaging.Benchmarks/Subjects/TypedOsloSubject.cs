using Oslo.Messaging.Contracts;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Benchmarks.Subjects;

/// <summary>
/// This library typed, with the contract <see cref="IBenchEchoApi"/>: the generated proxy
/// (<see cref="BenchEchoApiClient"/>) on the client and the generated endpoint (<see cref="BenchEchoApiEndpoint"/>, no
/// reflection) on the server; same transports, options and messages as <see cref="OsloSubject"/>, so the rows differ
/// only by the typed path. The contract fixes the topic (<c>bench_typed</c>, where <see cref="OsloSubject"/> takes one
/// per process): one typed worker per transport runs at a time, and each run has its own broker.
/// </summary>
internal sealed class TypedOsloSubject(string name, string url, Func<TransportOptions> options, IReadOnlyDictionary<string, string> info)
    : LibrarySubject(name, url, options, info)
{
    private readonly TypedEchoService _service = new();
    private BenchEchoApiClient? _client;

    public override long CastsReceived => _service.Notes;

    protected override RpcServer CreateServer(Transport transport)
    {
        ContractEndpoint[] endpoints = [new BenchEchoApiEndpoint(_service)];
        return new RpcServer(transport, new Target(BenchEchoApiClient.Topic, server: "bench"), endpoints);
    }

    protected override void CreateClient(Transport transport) =>
        _client = new BenchEchoApiClient(transport, ClientOptions);

    // The proxy's task as it is, as OsloSubject passes the client's: an await here would add a state machine per call
    // that is the adapter's, not the library's (string and string? are one type at run time).
    public override ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken) =>
        _client!.EchoAsync(new RequestContext(), payload, cancellationToken)!;

    public override ValueTask CastAsync(string payload, CancellationToken cancellationToken) =>
        _client!.NoteAsync(new RequestContext(), payload, cancellationToken);
}
