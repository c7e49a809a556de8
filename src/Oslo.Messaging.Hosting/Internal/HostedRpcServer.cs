using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>An <see cref="RpcServer"/> whose endpoints are created per request in a container scope, run with the host.</summary>
internal sealed class HostedRpcServer(IServiceProvider services, RpcServerBuilder registration, ILogger logger)
    : HostedEndpoint("rpc server " + registration.Target, logger), IAsyncDisposable
{
    private RpcServer? _server;

    protected override bool IsRunning => _server?.IsRunning == true;

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _server ??= Create();
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task StopCoreAsync(CancellationToken cancellationToken) => _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    protected override Task WaitCoreAsync(CancellationToken cancellationToken) => _server?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    private RpcServer Create()
    {
        var transports = services.GetRequiredService<OsloTransports>();
        var options = new RpcServerOptions
        {
            Executor = RpcExecutor.Pooled(transports.Options.ExecutorThreadPoolSize),
            LoggerFactory = services.GetService<ILoggerFactory>(),
            PingEnabled = transports.Options.RpcPingEnabled,
        };
        options = registration.Configure?.Invoke(options) ?? options;
        var activator = new ScopedEndpointActivator(services.GetRequiredService<IServiceScopeFactory>(), registration.EndpointTypes);
        return new RpcServer(transports.Rpc, registration.Target, registration.EndpointTypes, activator, options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
