using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Interop.Tests.PythonServer;

/// <summary>
/// Real oslo.messaging servers shared by the tests of <see cref="PythonServersCollection"/>, per version (<see cref="OsloVersions"/>):
/// for each, <c>s1</c> with <c>rpc_ping_enabled</c> and <c>s2</c> without, on a unique topic; 18.1.0 only where its tree is
/// (its rows are skipped otherwise). Two .NET rabbit:// transports call them: one with the default allow-list and one that
/// recreates messaging exceptions and <c>interopmod.InteropError</c>. The properties without a version are 14.0.3's.
/// </summary>
public sealed class PythonServersFixture : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, PythonServerSet> _sets = new(StringComparer.Ordinal);
    private Transport? _plain;
    private Transport? _allowing;

    /// <summary>The servers of oslo.messaging <paramref name="oslo"/>.</summary>
    public PythonServerSet this[string oslo] => _sets.TryGetValue(oslo, out var set)
        ? set
        : throw new InvalidOperationException($"No oslo.messaging {oslo} servers: {NewestOslo.MissingReason}");

    public string Topic => this[OsloVersions.Debian14].Topic;

    /// <summary>A transport whose registry is untouched: every remote exception is a <see cref="RemoteErrorException"/>.</summary>
    public Transport Plain => _plain ?? throw new InvalidOperationException("not initialized");

    /// <summary>A transport allowing the messaging exceptions (oslo_messaging.rpc.dispatcher ...) and InteropError.</summary>
    public Transport Allowing => _allowing ?? throw new InvalidOperationException("not initialized");

    public string ServersStderr => this[OsloVersions.Debian14].ServersStderr;

    public RpcClient Client(Transport? transport = null, RpcClientOptions? options = null) => this[OsloVersions.Debian14].Client(transport, options);

    public static RequestContext Context() => new RequestContext().Set("user", "alice").Set("request_id", "req-1").Set("roles", new[] { "admin" });

    public async Task InitializeAsync()
    {
        _plain = await InteropEnvironment.CreateTransportAsync();
        _allowing = await InteropEnvironment.CreateTransportAsync(options =>
        {
            options.RemoteExceptions.AllowMessagingExceptions();
            InteropErrorException.Register(options.RemoteExceptions);
        });
        var versions = NewestOslo.MissingReason is null ? new[] { OsloVersions.Debian14, OsloVersions.Newest18 } : [OsloVersions.Debian14];
        var sets = versions.Select(v => new PythonServerSet(this, v)).ToArray();
        foreach (var set in sets)
        {
            _sets[set.Oslo] = set;
        }

        await Task.WhenAll(sets.Select(s => s.StartAsync()));
    }

    public async Task DisposeAsync()
    {
        var stops = _sets.Values.Select(s => s.DisposeAsync().AsTask()).ToList();
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

/// <summary>The two servers of one oslo.messaging version.</summary>
public sealed class PythonServerSet(PythonServersFixture fixture, string oslo) : IAsyncDisposable
{
    private PythonServerProcess? _s1;
    private PythonServerProcess? _s2;

    public string Oslo => oslo;

    public string Topic { get; } = InteropEnvironment.Unique("pysrv" + oslo.Replace(".", "", StringComparison.Ordinal));

    public Transport Plain => fixture.Plain;

    public Transport Allowing => fixture.Allowing;

    /// <summary>Both servers' stderr, for failure messages.</summary>
    public string ServersStderr => $"--- oslo.messaging {oslo} s1 stderr:\n{_s1?.Stderr}\n--- s2 stderr:\n{_s2?.Stderr}";

    /// <summary>A client of <see cref="Topic"/> on <see cref="Plain"/> (or <paramref name="transport"/>).</summary>
    public RpcClient Client(Transport? transport = null, RpcClientOptions? options = null) =>
        new(transport ?? Plain, new Target(Topic), options ?? new RpcClientOptions { Timeout = PythonServersFixture.Patience });

    internal async Task StartAsync()
    {
        var path = OsloVersions.PathOf(oslo);
        var s1 = PythonServerProcess.StartAsync(Topic, "s1", ping: true, osloPath: path);
        var s2 = PythonServerProcess.StartAsync(Topic, "s2", osloPath: path);
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
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in new[] { _s1, _s2 })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
