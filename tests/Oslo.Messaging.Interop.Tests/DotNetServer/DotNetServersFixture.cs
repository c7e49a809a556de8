using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>
/// Two .NET <see cref="RpcServer"/>s on rabbit:// (each on its own transport, as two processes would be) with the endpoints
/// of oslo_server.py, on one unique topic, shared by the tests of <see cref="DotNetServersCollection"/>:
/// <c>s1</c> with <see cref="RpcServerOptions.PingEnabled"/>, <c>s2</c> without.
/// </summary>
public sealed class DotNetServersFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Transport> _transports = [];
    private readonly List<RpcServer> _servers = [];

    public string Topic { get; } = InteropEnvironment.Unique("netsrv");

    public NoteBook S1Notes { get; } = new();

    public NoteBook S2Notes { get; } = new();

    /// <summary>Everything the servers logged (errors of failing methods ...), for assertions and failure messages.</summary>
    internal CapturedLog Log { get; } = new();

    /// <summary>The exception identities a .NET server gives its exceptions on the wire (its transport's registry).</summary>
    public static void MapExceptions(TransportOptions options)
    {
        options.RemoteExceptions.Register("builtins", "ValueError", f => new ArgumentException(f.Message));
        options.RemoteExceptions.Register("builtins", "KeyError", f => new KeyNotFoundException(f.Message));
        InteropErrorException.Register(options.RemoteExceptions);
    }

    /// <summary>A Python client invocation of <paramref name="method"/> on this fixture's topic, by Debian's 14.0.3.</summary>
    internal PythonCall Call(string method) => new(Topic, method);

    /// <summary>A Python client invocation of <paramref name="method"/> by oslo.messaging <paramref name="oslo"/> (<see cref="OsloVersions"/>).</summary>
    internal PythonCall Call(string oslo, string method) => new(Topic, method) { OsloPath = OsloVersions.PathOf(oslo) };

    /// <summary>Runs the Python client; its assertion messages also show what the .NET servers logged.</summary>
    internal async Task<PythonOutcome> RunAsync(PythonCall call)
    {
        var outcome = await PythonClient.RunAsync(call);
        outcome.ServerSide = () => ".NET servers' log:\n" + Log;
        return outcome;
    }

    public async Task InitializeAsync()
    {
        await StartAsync("s1", S1Notes, ping: true);
        await StartAsync("s2", S2Notes, ping: false);
    }

    public async Task DisposeAsync()
    {
        await _abort.CancelAsync();
        await Task.WhenAll(_servers.Select(s => s.DisposeAsync().AsTask()));
        await Task.WhenAll(_transports.Select(t => t.DisposeAsync().AsTask()));
        _abort.Dispose();
    }

    private async Task StartAsync(string name, NoteBook notes, bool ping)
    {
        var transport = await InteropEnvironment.CreateTransportAsync(MapExceptions);
        _transports.Add(transport);
        var server = new RpcServer(
            transport,
            new Target(Topic, name),
            [new InteropEndpoint(name, notes, _abort.Token), new InteropEndpointB()],
            new RpcServerOptions { PingEnabled = ping, LoggerFactory = Log });
        _servers.Add(server);
        await server.StartAsync();
    }
}
