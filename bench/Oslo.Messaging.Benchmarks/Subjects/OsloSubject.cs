using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Benchmarks.Subjects;

/// <summary>
/// This library with default options: an <see cref="RpcServer"/> (pooled executor, 64) and an <see cref="RpcClient"/>,
/// each on its own transport (as two services would be), calling <c>echo</c> with an anonymous-object argument.
/// </summary>
internal sealed class OsloSubject(string name, string url, Func<TransportOptions> options, IReadOnlyDictionary<string, string> info) : IBenchSubject
{
    private readonly EchoEndpoint _endpoint = new();
    private Transport? _serverTransport;
    private Transport? _clientTransport;
    private RpcServer? _server;
    private RpcClient? _client;

    public string Name => name;

    public IReadOnlyDictionary<string, string> Info => info;

    public long CastsReceived => _endpoint.Notes;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var topic = $"bench_oslo_{Environment.ProcessId}";
        _serverTransport = await Transport.CreateAsync(url, options(), cancellationToken).ConfigureAwait(false);
        _clientTransport = await Transport.CreateAsync(url, options(), cancellationToken).ConfigureAwait(false);
        _server = new RpcServer(_serverTransport, new Target(topic, server: "bench"), [_endpoint]);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        _client = new RpcClient(_clientTransport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
    }

    // The library's task as it is: an async wrapper here would add a state machine per call that is the adapter's, not
    // the library's (the baseline and raw subjects have none).
    public ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken) =>
        new(_client!.CallAsync<string?>(new RequestContext(), "echo", new { payload }, cancellationToken));

    public ValueTask CastAsync(string payload, CancellationToken cancellationToken) =>
        new(_client!.CastAsync(new RequestContext(), "note", new { payload }, cancellationToken));

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
