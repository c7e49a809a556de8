using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Interop.Tests.Typed;

/// <summary>
/// One real oslo.messaging server per version (<see cref="OsloVersions"/>; 18.1.0 only where its tree is) on the typed
/// contract's fixed topic, each under a unique server name, so a proxy prepared with that server reaches that version
/// only (a contract fixes its topic; the server-directed queue <c>topic.server</c> keeps the versions apart).
/// </summary>
public sealed class TypedPythonServersFixture : IAsyncLifetime
{
    private readonly Dictionary<string, PythonServerProcess> _servers = new(StringComparer.Ordinal);
    private Transport? _plain;
    private Transport? _allowing;

    /// <summary>A proxy of the server of oslo.messaging <paramref name="oslo"/> over a transport that maps only
    /// builtins (every other remote exception is a <see cref="Exceptions.RemoteErrorException"/>).</summary>
    public TypedInteropApiClient Proxy(string oslo) => Proxy(oslo, Plain);

    /// <summary>As <see cref="Proxy(string)"/>, over a transport that recreates the messaging exceptions (UnsupportedVersion ...).</summary>
    public TypedInteropApiClient AllowingProxy(string oslo) => Proxy(oslo, _allowing ?? throw new InvalidOperationException("not initialized"));

    /// <summary>The server's stderr, for failure messages.</summary>
    public string Stderr(string oslo) => $"--- oslo.messaging {oslo} stderr:\n{Server(oslo).Stderr}";

    private Transport Plain => _plain ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        _plain = await InteropEnvironment.CreateTransportAsync();
        _allowing = await InteropEnvironment.CreateTransportAsync(options => options.RemoteExceptions.AllowMessagingExceptions());
        var versions = NewestOslo.MissingReason is null ? new[] { OsloVersions.Debian14, OsloVersions.Newest18 } : [OsloVersions.Debian14];
        var starts = versions.ToDictionary(
            v => v,
            v => PythonServerProcess.StartAsync(TypedInteropApiClient.Topic, InteropEnvironment.Unique("typed" + v.Replace(".", "", StringComparison.Ordinal)), osloPath: OsloVersions.PathOf(v)));
        try
        {
            await Task.WhenAll(starts.Values);
        }
        finally
        {
            // Those that started are owned (and stopped) by the fixture even when another failed.
            foreach (var (version, start) in starts.Where(s => s.Value.IsCompletedSuccessfully))
            {
                _servers[version] = start.Result;
            }
        }
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_servers.Values.Select(s => s.DisposeAsync().AsTask()));
        foreach (var transport in new[] { _plain, _allowing })
        {
            if (transport is not null)
            {
                await transport.DisposeAsync();
            }
        }
    }

    private PythonServerProcess Server(string oslo) => _servers.TryGetValue(oslo, out var server)
        ? server
        : throw new InvalidOperationException($"No oslo.messaging {oslo} server: {NewestOslo.MissingReason}");

    private TypedInteropApiClient Proxy(string oslo, Transport transport) =>
        new TypedInteropApiClient(transport, new RpcClientOptions { Timeout = TimeSpan.FromSeconds(15) }).Prepare(server: Server(oslo).Server);
}

/// <summary>The tests that call <see cref="TypedPythonServersFixture"/>'s servers.</summary>
[CollectionDefinition(Name)]
public sealed class TypedPythonServersCollection : ICollectionFixture<TypedPythonServersFixture>
{
    public const string Name = "Python oslo.messaging servers of the typed contract";
}
