using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Benchmarks.Subjects;

/// <summary>
/// This library untyped: <see cref="EchoEndpoint"/> bound by reflection, an <see cref="RpcClient"/> calling <c>echo</c>
/// with an anonymous-object argument.
/// </summary>
internal sealed class OsloSubject(string name, string url, Func<TransportOptions> options, IReadOnlyDictionary<string, string> info)
    : LibrarySubject(name, url, options, info)
{
    private readonly EchoEndpoint _endpoint = new();
    private readonly string _topic = $"bench_oslo_{Environment.ProcessId}";
    private RpcClient? _client;

    public override long CastsReceived => _endpoint.Notes;

    protected override RpcServer CreateServer(Transport transport) =>
        new(transport, new Target(_topic, server: "bench"), [_endpoint]);

    protected override void CreateClient(Transport transport) =>
        _client = new RpcClient(transport, new Target(_topic), ClientOptions);

    // The library's task as it is: an async wrapper here would add a state machine per call that is the adapter's, not
    // the library's (the baseline and raw subjects have none).
    public override ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken) =>
        new(_client!.CallAsync<string?>(new RequestContext(), "echo", new { payload }, cancellationToken));

    public override ValueTask CastAsync(string payload, CancellationToken cancellationToken) =>
        new(_client!.CastAsync(new RequestContext(), "note", new { payload }, cancellationToken));
}
