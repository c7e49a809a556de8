using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.Hosting.Internal;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting;

/// <summary>Adds servers, listeners, clients and health checks to the services <c>AddOsloMessaging</c> registered.</summary>
public sealed class OsloMessagingBuilder
{
    internal OsloMessagingBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Runs an RPC server for <paramref name="target"/> with one endpoint type as a hosted service. See
    /// <see cref="AddRpcServer(Target, Action{RpcServerBuilder})"/>.</summary>
    public OsloMessagingBuilder AddRpcServer<TEndpoint>(Target target, Func<RpcServerOptions, RpcServerOptions>? options = null)
        where TEndpoint : class =>
        AddRpcServer(target, server =>
        {
            server.AddEndpoint<TEndpoint>();
            if (options is not null)
            {
                server.WithOptions(options);
            }
        });

    /// <summary>
    /// Runs an RPC server for <paramref name="target"/> (topic and server required) as a hosted service: it starts
    /// consuming when the host starts (the start waits for the broker, as oslo's servers do) and on shutdown takes no
    /// new request, lets those in flight finish and reply within the host's shutdown timeout, then closes. Each request
    /// runs on an endpoint object from a new container scope, disposed after the reply was sent.
    /// </summary>
    /// <exception cref="ArgumentException">No endpoint type was added.</exception>
    public OsloMessagingBuilder AddRpcServer(Target target, Action<RpcServerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(configure);
        var server = new RpcServerBuilder(target);
        configure(server);
        if (server.Endpoints.Count == 0)
        {
            throw new ArgumentException($"The RPC server for {target} has no endpoint: add one with AddEndpoint<T>() or AddContract<TContract, TImplementation>()", nameof(configure));
        }

        Services.AddSingleton<IHostedService>(sp => HostedEndpoints.RpcServer(sp, server));
        return this;
    }

    /// <summary>Registers an <see cref="RpcClient"/> for <paramref name="target"/> under <paramref name="name"/>: inject
    /// it with <c>[FromKeyedServices("name")] RpcClient client</c>. Its timeout defaults to
    /// <see cref="OsloMessagingOptions.RpcResponseTimeout"/>; <paramref name="options"/> changes the options.</summary>
    public OsloMessagingBuilder AddRpcClient(string name, Target target, Func<RpcClientOptions, RpcClientOptions>? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddKeyedClient(name, target, options);
        return this;
    }

    /// <summary>Registers a typed client: <typeparamref name="TClient"/> (transient) is constructed with an
    /// <see cref="RpcClient"/> for <paramref name="target"/> plus any other services its constructor takes, so the
    /// application injects <typeparamref name="TClient"/> and never sees the transport.</summary>
    public OsloMessagingBuilder AddRpcClient<TClient>(Target target, Func<RpcClientOptions, RpcClientOptions>? options = null)
        where TClient : class
    {
        AddKeyedClient(typeof(TClient), target, options);
        Services.AddTransient(sp => ActivatorUtilities.CreateInstance<TClient>(sp, sp.GetRequiredKeyedService<RpcClient>(typeof(TClient))));
        return this;
    }

    /// <summary>Runs a notification listener for <paramref name="targets"/> with one endpoint type as a hosted
    /// service. See <see cref="AddNotificationListener(IEnumerable{Target}, Action{NotificationListenerBuilder})"/>.</summary>
    public OsloMessagingBuilder AddNotificationListener<TEndpoint>(IEnumerable<Target> targets,
        Func<NotificationListenerOptions, NotificationListenerOptions>? options = null)
        where TEndpoint : class =>
        AddNotificationListener(targets, listener =>
        {
            listener.AddEndpoint<TEndpoint>();
            if (options is not null)
            {
                listener.WithOptions(options);
            }
        });

    /// <summary>Runs a notification listener on the notification transport as a hosted service, with the host's
    /// lifetime: on shutdown it takes no new notification and returns once those in progress were acknowledged or
    /// requeued (those not yet taken stay on the queue). Each notification (each batch for a batch listener) runs on
    /// endpoint objects from a new container scope, disposed after the endpoints ran and before the acknowledgement;
    /// the scope's <see cref="RequestContextAccessor"/> holds the notification's context (none for a batch).</summary>
    /// <exception cref="ArgumentException">No target or no endpoint type.</exception>
    public OsloMessagingBuilder AddNotificationListener(IEnumerable<Target> targets, Action<NotificationListenerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(configure);
        var listener = new NotificationListenerBuilder([.. targets]);
        configure(listener);
        if (listener.Targets.Count == 0 || listener.EndpointTypes.Count == 0)
        {
            throw new ArgumentException("A notification listener needs at least one target and one endpoint type", nameof(configure));
        }

        Services.AddSingleton<IHostedService>(sp => HostedEndpoints.NotificationListener(sp, listener));
        return this;
    }

    /// <summary>
    /// Adds a health check (Microsoft.Extensions.Diagnostics.HealthChecks) named <paramref name="name"/>: healthy while
    /// every transport in use is connected (or not needed yet) and every hosted server and listener runs; otherwise
    /// <paramref name="failureStatus"/> (default unhealthy) with what is wrong. Its data lists each transport and each
    /// server or listener with its state.
    /// </summary>
    public OsloMessagingBuilder AddHealthChecks(string name = "oslo_messaging", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name,
            sp => new OsloMessagingHealthCheck(sp.GetRequiredService<OsloTransports>(), () => sp.GetServices<IHostedService>().OfType<HostedEndpoint>()),
            failureStatus,
            tags));
        return this;
    }

    private void AddKeyedClient(object key, Target target, Func<RpcClientOptions, RpcClientOptions>? options)
    {
        ArgumentNullException.ThrowIfNull(target);
        Services.AddKeyedSingleton(key, (sp, _) =>
        {
            var transports = sp.GetRequiredService<OsloTransports>();
            var defaults = new RpcClientOptions { Timeout = transports.Options.RpcResponseTimeout };
            return new RpcClient(transports.Rpc, target, options?.Invoke(defaults) ?? defaults);
        });
    }
}
