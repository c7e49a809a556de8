using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>
/// One .NET <see cref="RpcServer"/> (<c>s1</c>, the endpoints of oslo_server.py) on the test broker's TLS listener, reached as
/// <c>localhost</c> with the test CA (chain and host name verified), for the Python clients of <see cref="DotNetServerTlsTests"/>.
/// Starts nothing when the TLS listener is not configured (the tests are skipped then).
/// </summary>
public sealed class DotNetTlsServerFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _abort = new();
    private Transport? _transport;
    private RpcServer? _server;

    public string Topic { get; } = InteropEnvironment.Unique("tls");

    /// <summary>The test CA as oslo's URL query (<c>ssl=true&amp;ssl_ca_file=...</c>).</summary>
    public static string TrustedQuery => "?ssl=true&ssl_ca_file=" + Uri.EscapeDataString(TlsTestBroker.CaFile);

    internal CapturedLog Log { get; } = new();

    /// <summary>A Python client invocation on this fixture's topic over TLS to <paramref name="host"/>.</summary>
    internal PythonCall Call(string method, string host = "localhost") => new(Topic, method) { Url = TlsTestBroker.Url(host) + TrustedQuery };

    /// <summary>Runs the Python client; its assertion messages also show what the .NET server logged.</summary>
    internal async Task<PythonOutcome> RunAsync(PythonCall call)
    {
        var outcome = await PythonClient.RunAsync(call);
        outcome.ServerSide = () => ".NET server's log:\n" + Log;
        return outcome;
    }

    public async Task InitializeAsync()
    {
        if (TlsTestBroker.MissingReason is not null)
        {
            return;
        }

        var options = new TransportOptions { LoggerFactory = Log }.UseRabbitMq();
        DotNetServersFixture.MapExceptions(options);
        _transport = await Transport.CreateAsync(TlsTestBroker.Url() + TrustedQuery, options);
        _server = new RpcServer(_transport, new Target(Topic, "s1"), [new InteropEndpoint("s1", new NoteBook(), _abort.Token)],
            new RpcServerOptions { LoggerFactory = Log });
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _abort.CancelAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }

        _abort.Dispose();
    }
}
