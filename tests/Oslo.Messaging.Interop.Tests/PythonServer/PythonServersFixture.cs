using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Interop.Tests.PythonServer;

/// <summary>
/// Two real oslo.messaging servers on one unique topic, shared by the tests of <see cref="PythonServersCollection"/>:
/// <c>s1</c> with <c>rpc_ping_enabled</c>, <c>s2</c> without; and two .NET rabbit:// transports to call them from,
/// one with the default allow-list and one that recreates messaging exceptions and <c>interopmod.InteropError</c>.
/// </summary>
public sealed class PythonServersFixture : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private PythonServerProcess? _s1;
    private PythonServerProcess? _s2;
    private Transport? _plain;
    private Transport? _allowing;

    public string Topic { get; } = InteropEnvironment.Unique("pysrv");

    /// <summary>A transport whose registry is untouched: every remote exception is a <see cref="RemoteErrorException"/>.</summary>
    public Transport Plain => _plain ?? throw new InvalidOperationException("not initialized");

    /// <summary>A transport allowing the messaging exceptions (oslo_messaging.rpc.dispatcher ...) and InteropError.</summary>
    public Transport Allowing => _allowing ?? throw new InvalidOperationException("not initialized");

    /// <summary>Both servers' stderr, for failure messages.</summary>
    public string ServersStderr => $"--- s1 stderr:\n{_s1?.Stderr}\n--- s2 stderr:\n{_s2?.Stderr}";

    /// <summary>A client of <see cref="Topic"/> on <see cref="Plain"/> (or <paramref name="transport"/>).</summary>
    public RpcClient Client(Transport? transport = null, RpcClientOptions? options = null) =>
        new(transport ?? Plain, new Target(Topic), options ?? new RpcClientOptions { Timeout = Patience });

    public static RequestContext Context() => new RequestContext().Set("user", "alice").Set("request_id", "req-1").Set("roles", new[] { "admin" });

    public async Task InitializeAsync()
    {
        var s1 = PythonServerProcess.StartAsync(Topic, "s1", ping: true);
        var s2 = PythonServerProcess.StartAsync(Topic, "s2");
        try
        {
            await Task.WhenAll(s1, s2);
        }
        catch
        {
            // The one that did start must not outlive a failed fixture.
            foreach (var started in new[] { s1, s2 }.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        (_s1, _s2) = (s1.Result, s2.Result);
        _plain = await InteropEnvironment.CreateTransportAsync();
        _allowing = await InteropEnvironment.CreateTransportAsync(options =>
        {
            options.RemoteExceptions.AllowMessagingExceptions();
            InteropErrorException.Register(options.RemoteExceptions);
        });
    }

    public async Task DisposeAsync()
    {
        var stops = new List<Task>();
        foreach (var server in new[] { _s1, _s2 })
        {
            if (server is not null)
            {
                stops.Add(server.DisposeAsync().AsTask());
            }
        }

        foreach (var transport in new[] { _plain, _allowing })
        {
            if (transport is not null)
            {
                stops.Add(transport.DisposeAsync().AsTask());
            }
        }

        await Task.WhenAll(stops);
    }
}
