using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Testing;

/// <summary>
/// The transport conformance suite: what every transport must do for the RPC core, checked end to end through
/// <see cref="RpcServer"/> and <see cref="RpcClient"/> (and the raw <see cref="TransportDriver"/> for malformed input).
/// A transport's test project derives a sealed class and implements <see cref="CreateTransportAsync"/>; it inherits
/// every test.
/// </summary>
/// <remarks>
/// Every test uses its own topics and exchanges (fresh GUIDs), so the suite can run against one shared real broker.
/// Waits are bounded signals, never sleeps; each test releases its servers, listeners and transports when it ends.
/// </remarks>
public abstract partial class TransportConformanceTests : IAsyncLifetime
{
    /// <summary>How long a test waits for something that should happen at once (a reply, a cast, a log entry).</summary>
    protected static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The reply timeout of the clients the suite creates, unless a test needs another.</summary>
    protected static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>
    /// Creates a transport connected to the broker every other transport of this test class uses (one shared
    /// <c>MemoryBroker</c>, one RabbitMQ URL ...). <paramref name="options"/> (logger, remote exceptions) must be
    /// honoured; the implementation adds what it needs (its driver factory, its broker).
    /// </summary>
    protected abstract Task<Transport> CreateTransportAsync(TransportOptions? options = null);

    /// <inheritdoc/>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes what the test created, newest first (servers and listeners before their transports).</summary>
    public async Task DisposeAsync()
    {
        IAsyncDisposable[] owned;
        lock (_lock)
        {
            owned = [.. _owned];
            _owned.Clear();
        }

        for (var i = owned.Length - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>A fresh topic name.</summary>
    protected static string NewTopic() => "conformance_" + Guid.NewGuid().ToString("N");

    /// <summary>A fresh exchange name.</summary>
    protected static string NewExchange() => "conformance_x_" + Guid.NewGuid().ToString("N");

    /// <summary>Creates a transport that the test owns (disposed at the end).</summary>
    protected async Task<Transport> NewTransportAsync(TransportOptions? options = null) =>
        Own(await CreateTransportAsync(options));

    /// <summary>Creates and starts a server that the test owns.</summary>
    protected async Task<RpcServer> StartServerAsync(Transport transport, Target target, object endpoint, RpcServerOptions? options = null)
    {
        var server = Own(new RpcServer(transport, target, [endpoint], options));
        await server.StartAsync();
        return server;
    }

    /// <summary>A client of <paramref name="target"/> with the suite's timeout.</summary>
    protected static RpcClient NewClient(Transport transport, Target target, TimeSpan? timeout = null, TimeSpan? callMonitorTimeout = null) =>
        new(transport, target, new RpcClientOptions { Timeout = timeout ?? CallTimeout, CallMonitorTimeout = callMonitorTimeout });

    /// <summary>Registers something the test must dispose when it ends.</summary>
    protected T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        lock (_lock)
        {
            _owned.Add(disposable);
        }

        return disposable;
    }
}
