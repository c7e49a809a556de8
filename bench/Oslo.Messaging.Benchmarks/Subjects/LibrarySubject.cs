using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Benchmarks.Subjects;

/// <summary>
/// This library as a subject, with default options: an <see cref="RpcServer"/> (pooled executor, 64) and a client,
/// each on its own transport (as two services would be). The untyped (<see cref="OsloSubject"/>) and typed
/// (<see cref="TypedOsloSubject"/>) rows differ only in the endpoint the server is built from and the client they call
/// through, so what they share lives here once.
/// </summary>
internal abstract class LibrarySubject(string name, string url, Func<TransportOptions> options, IReadOnlyDictionary<string, string> info) : IBenchSubject
{
    /// <summary>The client's options: the same for every row.</summary>
    protected static readonly RpcClientOptions ClientOptions = new() { Timeout = TimeSpan.FromSeconds(30) };

    private Transport? _serverTransport;
    private Transport? _clientTransport;
    private RpcServer? _server;

    public string Name => name;

    public IReadOnlyDictionary<string, string> Info => info;

    public abstract long CastsReceived { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _serverTransport = await Transport.CreateAsync(url, options(), cancellationToken).ConfigureAwait(false);
        _clientTransport = await Transport.CreateAsync(url, options(), cancellationToken).ConfigureAwait(false);
        _server = CreateServer(_serverTransport);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        CreateClient(_clientTransport);
    }

    /// <summary>The server of the row's endpoint on the server transport.</summary>
    protected abstract RpcServer CreateServer(Transport transport);

    /// <summary>Creates the row's client on the client transport.</summary>
    protected abstract void CreateClient(Transport transport);

    public abstract ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken);

    public abstract ValueTask CastAsync(string payload, CancellationToken cancellationToken);

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
