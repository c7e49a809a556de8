using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Memory;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Tests.Support;

/// <summary>
/// Drives the real <c>oslomsg</c> command tree in-process: its transports share this harness's <see cref="MemoryBroker"/>
/// with the servers and clients the test creates; stdout and stderr are captured.
/// </summary>
internal sealed class CliHarness : IAsyncDisposable
{
    public const string Topic = "cli-test";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<RpcServer> _servers = [];
    private readonly List<Transport> _transports = [];

    public MemoryBroker Broker { get; } = new();

    public CapturingWriter Out { get; } = new();

    public CapturingWriter Error { get; } = new();

    public TestSignals Signals { get; } = new();

    /// <summary>Applied to the CLI's transport options (its client's allow-list).</summary>
    public Action<RemoteExceptionRegistry>? CliRemoteExceptions { get; set; }

    /// <summary>As a terminal's stderr (live counts redraw in place) or not (periodic lines).</summary>
    public bool ErrorIsTerminal { get; set; }

    /// <summary>The live counts' period: short, so a test sees an update soon.</summary>
    public TimeSpan StatusPeriod { get; set; } = TimeSpan.FromMilliseconds(20);

    public CliEnvironment Environment => new(Out, Error, CreateCliOptions, _ => NullLoggerFactory.Instance, ErrorIsTerminal, StatusPeriod);

    /// <summary>Runs <c>oslomsg args...</c> to completion, bounded by <see cref="Patience"/>.</summary>
    public Task<int> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args) =>
        CliApp.RunAsync(args, Environment, handleProcessTermination: false, cancellationToken).WaitAsync(Patience, CancellationToken.None);

    /// <summary>Starts a server on <see cref="Topic"/> with <see cref="TestEndpoint"/> and <see cref="AdminTestEndpoint"/>.</summary>
    public async Task<RpcServer> StartServerAsync(string name = "s1", bool ping = false)
    {
        var transport = await CreateTransportAsync();
        var server = new RpcServer(
            transport,
            new Target(Topic, name),
            [new TestEndpoint(name, Signals), new AdminTestEndpoint()],
            new RpcServerOptions { PingEnabled = ping });
        _servers.Add(server);
        await server.StartAsync();
        return server;
    }

    public async Task<RpcClient> CreateClientAsync(Action<RemoteExceptionRegistry>? allow = null)
    {
        var transport = await CreateTransportAsync(allow);
        return new RpcClient(transport, new Target(Topic), new RpcClientOptions { Timeout = Patience });
    }

    public async ValueTask DisposeAsync()
    {
        Signals.Release.TrySetResult();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync();
        }
    }

    private TransportOptions CreateCliOptions()
    {
        var options = new TransportOptions().UseMemoryBroker(Broker);
        CliRemoteExceptions?.Invoke(options.RemoteExceptions);
        return options;
    }

    public async Task<Transport> CreateTransportAsync(Action<RemoteExceptionRegistry>? allow = null)
    {
        var options = new TransportOptions().UseMemoryBroker(Broker);
        allow?.Invoke(options.RemoteExceptions);
        var transport = await Transport.CreateAsync("memory://", options);
        _transports.Add(transport);
        return transport;
    }
}
