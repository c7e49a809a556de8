using Oslo.Messaging.Interop.Tests.DotNetServer;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Interop.Tests.Mixed;

/// <summary>
/// A rolling-upgrade topology: one .NET server (<c>net</c>) and one Python server (<c>py</c>) on the same topic, both under a
/// control exchange of their own (not <c>openstack</c>). The .NET server starts first, so it declares the exchange and
/// the Python server re-declares it: different flags would fail the Python start with 406 PRECONDITION_FAILED.
/// </summary>
public sealed class MixedServersFixture : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource _abort = new();
    private Transport? _serverTransport;
    private Transport? _clientTransport;
    private RpcServer? _netServer;
    private PythonServerProcess? _pyServer;

    public string Topic { get; } = InteropEnvironment.Unique("mixed");

    public string Exchange { get; } = InteropEnvironment.Unique("exchange");

    public NoteBook NetNotes { get; } = new();

    public string PythonStderr => _pyServer?.Stderr ?? "(not started)";

    /// <summary>A .NET client of the topic under <see cref="Exchange"/>.</summary>
    public RpcClient Client() =>
        new(_clientTransport ?? throw new InvalidOperationException("not initialized"), new Target(Topic, exchange: Exchange), new RpcClientOptions { Timeout = _patience });

    /// <summary>A .NET client of the same topic under the default control exchange.</summary>
    public RpcClient DefaultExchangeClient(RpcClientOptions options) =>
        new(_clientTransport ?? throw new InvalidOperationException("not initialized"), new Target(Topic), options);

    /// <summary>A Python client invocation of <paramref name="method"/> on the topic under <see cref="Exchange"/>.</summary>
    internal PythonCall Call(string method) => new(Topic, method) { Exchange = Exchange };

    public async Task InitializeAsync()
    {
        _serverTransport = await InteropEnvironment.CreateTransportAsync(DotNetServersFixture.MapExceptions);
        _clientTransport = await InteropEnvironment.CreateTransportAsync();
        _netServer = new RpcServer(_serverTransport, new Target(Topic, "net", exchange: Exchange), [new InteropEndpoint("net", NetNotes, _abort.Token), new InteropEndpointB()]);
        await _netServer.StartAsync();
        _pyServer = await PythonServerProcess.StartAsync(Topic, "py", exchange: Exchange);
    }

    public async Task DisposeAsync()
    {
        await _abort.CancelAsync();
        if (_pyServer is not null)
        {
            await _pyServer.DisposeAsync();
        }

        if (_netServer is not null)
        {
            await _netServer.DisposeAsync();
        }

        foreach (var transport in new[] { _clientTransport, _serverTransport })
        {
            if (transport is not null)
            {
                await transport.DisposeAsync();
            }
        }

        _abort.Dispose();
    }
}
