using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Configuration;
using Oslo.Messaging.Hosting.Internal;
using Oslo.Messaging.Notify;
using Oslo.Messaging.RabbitMq;

namespace Oslo.Messaging.Hosting;

/// <summary>Registers Oslo.Messaging in a service collection (generic host, ASP.NET Core, worker services).</summary>
public static class OsloMessagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the transports (created on first use and at host start, disposed with the container, logging to the
    /// host's <see cref="ILoggerFactory"/>), the injectable <see cref="Notifier"/> and <see cref="RequestContextAccessor"/>
    /// (scoped; <see cref="RequestContext"/> is injectable in a request's scope too), configured by
    /// <paramref name="configure"/>. Calling it again only adds configuration.
    /// </summary>
    /// <returns>A builder for servers, listeners, clients and health checks.</returns>
    public static OsloMessagingBuilder AddOsloMessaging(this IServiceCollection services, Action<OsloMessagingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<OsloMessagingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(OsloTransports)))
        {
            services.AddSingleton<OsloTransports>();
            // First among the library's hosted services: a bad URL or option fails the host start here, by name.
            services.AddSingleton<IHostedService, TransportStartup>();
            services.TryAddSingleton(sp =>
            {
                var transports = sp.GetRequiredService<OsloTransports>();
                var notifier = transports.Options.Notifier;
                return new Notifier(transports.Notifications, notifier.LoggerFactory is null ? notifier with { LoggerFactory = sp.GetService<ILoggerFactory>() } : notifier);
            });
            services.TryAddScoped<RequestContextAccessor>();
            services.TryAddScoped(sp => sp.GetRequiredService<RequestContextAccessor>().Context
                ?? throw new InvalidOperationException("A RequestContext is injectable only in the scope of an RPC request or a single notification (an endpoint and what it depends on)"));
        }

        return new OsloMessagingBuilder(services);
    }

    /// <summary>
    /// As <see cref="AddOsloMessaging(IServiceCollection, Action{OsloMessagingOptions}?)"/>, reading the options from
    /// <paramref name="configuration"/> first (oslo's option names: <c>DEFAULT:transport_url</c>,
    /// <c>DEFAULT:control_exchange</c>, <c>oslo_messaging_rabbit:*</c>, <c>oslo_messaging_notifications:*</c> ..., as an
    /// oslo config file loaded into the configuration gives them), then applying <paramref name="configure"/>.
    /// </summary>
    /// <remarks>Read by <see cref="OsloMessagingSettings.FromConfiguration"/>, which warns about unknown
    /// <c>[oslo_messaging_rabbit]</c> and <c>[oslo_messaging_notifications]</c> options through the host's logging. As in
    /// oslo, notifications are off (<see cref="NotificationDriver.Noop"/>) unless the configuration names a driver.</remarks>
    /// <exception cref="Exceptions.TransportConfigurationException">At host start: an option has an invalid value (the
    /// message names the option, its section and file).</exception>
    public static OsloMessagingBuilder AddOsloMessaging(this IServiceCollection services, IConfiguration configuration, Action<OsloMessagingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OsloMessagingOptions>().Configure<IServiceProvider>((options, sp) =>
        {
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("Oslo.Messaging.Configuration");
            Apply(OsloMessagingSettings.FromConfiguration(configuration, logger), options);
        });
        return services.AddOsloMessaging(configure);
    }

    private static void Apply(OsloMessagingSettings settings, OsloMessagingOptions options)
    {
        options.TransportUrl = settings.TransportUrl ?? options.TransportUrl;
        options.NotificationTransportUrl = settings.NotificationTransportUrl ?? options.NotificationTransportUrl;
        options.ControlExchange = settings.ControlExchange ?? options.ControlExchange;
        options.RpcResponseTimeout = settings.RpcResponseTimeout ?? options.RpcResponseTimeout;
        options.ExecutorThreadPoolSize = settings.ExecutorThreadPoolSize ?? options.ExecutorThreadPoolSize;
        options.RpcPingEnabled = settings.RpcPingEnabled ?? options.RpcPingEnabled;
        options.RabbitMq = settings.ApplyTo(options.RabbitMq ?? new RabbitMqOptions());
        options.Notifier = settings.ApplyTo(options.Notifier);
    }
}
