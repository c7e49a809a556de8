using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>Builds the hosted RPC servers and notification listeners from their registrations: defaults from
/// <see cref="OsloMessagingOptions"/> and the host's logging, then the registration's own options, endpoints from the
/// container one scope per request or notification (<see cref="ContainerEndpointActivator"/>).</summary>
internal static class HostedEndpoints
{
    public static HostedEndpoint RpcServer(IServiceProvider services, RpcServerBuilder registration) =>
        new("rpc server " + registration.Target, () =>
        {
            var transports = services.GetRequiredService<OsloTransports>();
            var defaults = new RpcServerOptions
            {
                Executor = RpcExecutor.Pooled(transports.Options.ExecutorThreadPoolSize),
                LoggerFactory = services.GetService<ILoggerFactory>(),
                PingEnabled = transports.Options.RpcPingEnabled,
            };
            var server = new Rpc.RpcServer(transports.Rpc, registration.Target, registration.Endpoints,
                Activator(services, registration).ForRpc(), registration.Configure?.Invoke(defaults) ?? defaults);
            return ServerControl.Of(server);
        }, LoggerFor(services));

    public static HostedEndpoint NotificationListener(IServiceProvider services, NotificationListenerBuilder registration) =>
        new("notification listener " + string.Join(", ", registration.Targets), () =>
        {
            var transports = services.GetRequiredService<OsloTransports>();
            var defaults = new NotificationListenerOptions { LoggerFactory = services.GetService<ILoggerFactory>() };
            var listener = new Notify.NotificationListener(transports.Notifications, registration.Targets, registration.EndpointTypes,
                Activator(services, registration).ForNotifications(), registration.Configure?.Invoke(defaults) ?? defaults);
            return ServerControl.Of(listener);
        }, LoggerFor(services));

    private static ContainerEndpointActivator Activator<TBuilder, TOptions>(IServiceProvider services, HostedEndpointsBuilder<TBuilder, TOptions> registration)
        where TBuilder : HostedEndpointsBuilder<TBuilder, TOptions> =>
        new(services.GetRequiredService<IServiceScopeFactory>(), registration.EndpointTypes);

    private static ILogger LoggerFor(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<HostedEndpoint>();
}
