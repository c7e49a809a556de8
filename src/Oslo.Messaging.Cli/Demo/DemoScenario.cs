using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Contracts;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Memory;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using static Oslo.Messaging.Cli.Demo.DemoCheckException;

namespace Oslo.Messaging.Cli.Demo;

/// <summary>
/// The <c>oslomsg demo</c> scenario on the in-memory transport: two servers on one topic, each on its own transport
/// (as separate processes would be), and a client on a third. Every step checks what really happened.
/// </summary>
internal sealed class DemoScenario(TextWriter output, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    public const string Topic = "demo";
    public static readonly string[] ServerNames = ["s1", "s2"];
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    private readonly MemoryBroker _broker = new();
    private readonly CastInbox _inbox = new();
    private readonly TaskCompletionSource _releaseHang = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Transport> _transports = [];
    private readonly List<RpcServer> _servers = [];
    private readonly List<NotificationListener> _listeners = [];
    private readonly DemoReport _report = new(output, StepTimeout);
    private RpcClient? _client;

    /// <summary>Runs every step; true when all behaved as expected.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"oslomsg demo: servers {string.Join(" and ", ServerNames)} on topic \"{Topic}\", in-memory transport").ConfigureAwait(false);
        if (await _report.StepAsync("start two servers", StartAsync, cancellationToken).ConfigureAwait(false))
        {
            await _report.StepAsync("load-balanced calls to the topic", LoadBalancedAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("server-directed calls to s2", DirectedAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("fanout cast", FanoutAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("version 1.1 against endpoint 1.2", CompatibleVersionAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("version 1.3 against endpoint 1.2", UnsupportedVersionAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("namespace admin, version 2.0", NamespacedAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("admin method without its namespace", WrongNamespaceAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("expected exception", ExpectedExceptionAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("remote error", RemoteErrorAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("timeout", TimeoutAsync, cancellationToken).ConfigureAwait(false);
            await _report.StepAsync("stop both servers", StopAsync, cancellationToken).ConfigureAwait(false);
            var notifications = new DemoNotifications(ct => CreateTransportAsync(allow: null, ct), _listeners);
            if (await _report.StepAsync("notifications to two pools", notifications.PoolsAsync, cancellationToken).ConfigureAwait(false))
            {
                await _report.StepAsync("notification filter", notifications.FilterAsync, cancellationToken).ConfigureAwait(false);
                await _report.StepAsync("notification requeue", notifications.RequeueAsync, cancellationToken).ConfigureAwait(false);
            }
        }
        var total = _report.Passed + _report.Failed;
        await output.WriteLineAsync(_report.Failed == 0
            ? $"{_report.Passed}/{total} steps behaved as expected"
            : $"FAILED: {_report.Failed} of {total} steps did not behave as expected").ConfigureAwait(false);
        return _report.Failed == 0;
    }

    public async ValueTask DisposeAsync()
    {
        _releaseHang.TrySetResult();
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RpcClient Client => _client ?? throw new InvalidOperationException("The client is created by the start step");

    private async Task<Transport> CreateTransportAsync(Action<RemoteExceptionRegistry>? allow, CancellationToken cancellationToken)
    {
        var options = new TransportOptions { LoggerFactory = loggerFactory }.UseMemoryBroker(_broker);
        allow?.Invoke(options.RemoteExceptions);
        var transport = await Transport.CreateAsync("memory://", options, cancellationToken).ConfigureAwait(false);
        _transports.Add(transport);
        return transport;
    }

    /// <summary>Named arguments without reflection: the demo also runs in the native (AOT) oslomsg.</summary>
    private static RpcArguments Args(params (string Name, object? Value)[] args) =>
        new(args.Select(a => KeyValuePair.Create(a.Name, a.Value)));

    private async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in ServerNames)
        {
            var transport = await CreateTransportAsync(allow: null, cancellationToken).ConfigureAwait(false);
            ContractEndpoint[] endpoints = [new InventoryApiEndpoint(new InventoryEndpoint(name, _inbox, _releaseHang.Task)), new AdminApiEndpoint(new AdminEndpoint(name))];
            var server = new RpcServer(transport, new Target(Topic, name), endpoints);
            _servers.Add(server);
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            Expect(server.IsRunning, $"server {name} is not running after StartAsync");
        }
        // The client allow-lists the demo's business exception and the library's own, so both arrive with their type.
        var clientTransport = await CreateTransportAsync(
            registry => registry.Register(f => new OutOfStockException(f.Message)).AllowMessagingExceptions(),
            cancellationToken).ConfigureAwait(false);
        _client = new RpcClient(clientTransport, new Target(Topic), new RpcClientOptions { Timeout = CallTimeout });
        return $"{string.Join(", ", _servers.Select(s => s.Target))} running";
    }

    private async Task<string> LoadBalancedAsync(CancellationToken cancellationToken)
    {
        var answeredBy = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            answeredBy.Add(await Client.CallAsync<RpcArguments, string>(new RequestContext(), "whoami", RpcArguments.None, cancellationToken).ConfigureAwait(false));
        }
        foreach (var name in ServerNames)
        {
            Expect(answeredBy.Contains(name), $"{name} answered none of 6 calls ({string.Join(", ", answeredBy)})");
        }
        return $"6 calls answered by {string.Join(", ", answeredBy)}";
    }

    private async Task<string> DirectedAsync(CancellationToken cancellationToken)
    {
        var direct = Client.Prepare(server: "s2");
        var answeredBy = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            answeredBy.Add(await direct.CallAsync<RpcArguments, string>(new RequestContext(), "whoami", RpcArguments.None, cancellationToken).ConfigureAwait(false));
        }
        Expect(answeredBy.All(n => n == "s2"), $"calls to server s2 were answered by {string.Join(", ", answeredBy)}");
        return $"3 calls with server=s2 answered by {string.Join(", ", answeredBy)}";
    }

    private async Task<string> FanoutAsync(CancellationToken cancellationToken)
    {
        const string message = "restock";
        await Client.Prepare(fanout: true).CastAsync(new RequestContext(), "notify", Args(("message", message)), cancellationToken).ConfigureAwait(false);
        foreach (var name in ServerNames)
        {
            await _inbox.WaitAsync(name, message, cancellationToken).ConfigureAwait(false);
        }
        return $"notify(message=\"{message}\") received by {string.Join(" and ", ServerNames)}";
    }

    private async Task<string> CompatibleVersionAsync(CancellationToken cancellationToken)
    {
        var left = await Client.Prepare(version: "1.1").CallAsync<RpcArguments, int>(new RequestContext(), "reserve", Args(("item", "widget"), ("count", 1)), cancellationToken).ConfigureAwait(false);
        Expect(left == 4, $"reserve(widget, 1) left {left} of 5, expected 4");
        return $"reserve(item=widget, count=1) = {left} left";
    }

    private async Task<string> UnsupportedVersionAsync(CancellationToken cancellationToken)
    {
        var error = await ExpectThrowsAsync<UnsupportedVersionException>(() =>
            Client.Prepare(version: "1.3").CallAsync<RpcArguments, int>(new RequestContext(), "reserve", Args(("item", "widget"), ("count", 1)), cancellationToken)).ConfigureAwait(false);
        Expect(error.Version == "1.3" && error.Method == "reserve", $"UnsupportedVersion names version {error.Version} and method {error.Method}");
        return $"UnsupportedVersionException: {error.Message}";
    }

    private async Task<string> NamespacedAsync(CancellationToken cancellationToken)
    {
        var status = await Client.Prepare(@namespace: "admin", version: "2.0").CallAsync<RpcArguments, string>(new RequestContext(), "status", RpcArguments.None, cancellationToken).ConfigureAwait(false);
        Expect(ServerNames.Any(n => status == $"{n} healthy (admin 2.1)"), $"unexpected status \"{status}\"");
        return $"status() = \"{status}\"";
    }

    private async Task<string> WrongNamespaceAsync(CancellationToken cancellationToken)
    {
        var error = await ExpectThrowsAsync<NoSuchMethodException>(() =>
            Client.CallAsync<RpcArguments, string>(new RequestContext(), "status", RpcArguments.None, cancellationToken)).ConfigureAwait(false);
        return $"NoSuchMethodException: {error.Message} (in the null namespace)";
    }

    private async Task<string> ExpectedExceptionAsync(CancellationToken cancellationToken)
    {
        var error = await ExpectThrowsAsync<OutOfStockException>(() =>
            Client.CallAsync<RpcArguments, int>(new RequestContext(), "reserve", Args(("item", "widget"), ("count", 100)), cancellationToken)).ConfigureAwait(false);
        Expect(error.Message.StartsWith("cannot reserve 100 widget", StringComparison.Ordinal), $"unexpected message \"{error.Message}\"");
        return $"OutOfStockException re-created from the allow-list: {error.Message}";
    }

    private async Task<string> RemoteErrorAsync(CancellationToken cancellationToken)
    {
        var error = await ExpectThrowsAsync<RemoteErrorException>(() =>
            Client.CallAsync<RpcArguments, JsonElement>(new RequestContext(), "crash", Args(("reason", "disk on fire")), cancellationToken)).ConfigureAwait(false);
        Expect(error.ExcType == nameof(InvalidOperationException) && error.Value == "disk on fire",
            $"RemoteError carries type {error.ExcType} and value \"{error.Value}\"");
        return $"RemoteErrorException ExcType={error.ExcType} Value=\"{error.Value}\" ({error.Traceback.Count} traceback lines)";
    }

    private async Task<string> TimeoutAsync(CancellationToken cancellationToken)
    {
        try
        {
            var error = await ExpectThrowsAsync<MessagingTimeoutException>(() =>
                Client.Prepare(timeout: ShortTimeout).CallAsync<RpcArguments, JsonElement>(new RequestContext(), "hang", RpcArguments.None, cancellationToken)).ConfigureAwait(false);
            return $"MessagingTimeoutException after {ShortTimeout.TotalSeconds} s: {error.Message}";
        }
        finally
        {
            _releaseHang.TrySetResult(); // lets the server's hang() return, so stopping does not wait for it
        }
    }

    private async Task<string> StopAsync(CancellationToken cancellationToken)
    {
        foreach (var server in _servers)
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
            await server.WaitAsync(cancellationToken).ConfigureAwait(false);
            Expect(!server.IsRunning, $"{server.Target} still running after StopAsync");
        }
        return "StopAsync + WaitAsync returned: no request in flight";
    }
}
