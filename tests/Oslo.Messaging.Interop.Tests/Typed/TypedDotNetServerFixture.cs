using Oslo.Messaging.Contracts;
using Oslo.Messaging.Interop.Tests.DotNetServer;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Interop.Tests.Typed;

/// <summary>
/// A .NET <see cref="RpcServer"/> on rabbit:// built only from the generated <see cref="TypedInteropApiEndpoint"/> (the
/// reflection-free constructor), on a unique topic: a server's target is its own, whatever the contract's topic.
/// </summary>
public sealed class TypedDotNetServerFixture : IAsyncLifetime
{
    private Transport? _transport;
    private RpcServer? _server;

    public string Topic { get; } = InteropEnvironment.Unique("typednet");

    public NoteBook Notes { get; } = new();

    /// <summary>Everything the server logged, for assertions and failure messages.</summary>
    internal CapturedLog Log { get; } = new();

    /// <summary>A Python client invocation of <paramref name="method"/> by oslo.messaging <paramref name="oslo"/>.</summary>
    internal PythonCall Call(string oslo, string method) => new(Topic, method) { OsloPath = OsloVersions.PathOf(oslo) };

    /// <summary>Runs the Python client; its assertion messages also show what the server logged.</summary>
    internal async Task<PythonOutcome> RunAsync(PythonCall call)
    {
        var outcome = await PythonClient.RunAsync(call);
        outcome.ServerSide = () => "typed .NET server's log:\n" + Log;
        return outcome;
    }

    public async Task InitializeAsync()
    {
        _transport = await InteropEnvironment.CreateTransportAsync(DotNetServersFixture.MapExceptions);
        ContractEndpoint[] endpoints = [new TypedInteropApiEndpoint(new TypedInteropService("t1", Notes))];
        _server = new RpcServer(_transport, new Target(Topic, "t1"), endpoints, new RpcServerOptions { LoggerFactory = Log });
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }
    }
}

/// <summary>The tests that call <see cref="TypedDotNetServerFixture"/>'s server.</summary>
[CollectionDefinition(Name)]
public sealed class TypedDotNetServerCollection : ICollectionFixture<TypedDotNetServerFixture>
{
    public const string Name = "Typed .NET server";
}
