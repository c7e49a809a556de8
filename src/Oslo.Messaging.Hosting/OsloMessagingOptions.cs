using Oslo.Messaging.Notify;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Hosting;

/// <summary>
/// What <see cref="OsloMessagingServiceCollectionExtensions.AddOsloMessaging(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{OsloMessagingOptions}?)"/>
/// builds the transports, servers, clients and notifier from. Each option names the oslo option it corresponds to.
/// </summary>
/// <remarks>Read once, when the first transport is created (at host start at the latest); later changes have no effect.</remarks>
public sealed class OsloMessagingOptions
{
    /// <summary>The RPC transport's URL (oslo's <c>[DEFAULT] transport_url</c>), e.g.
    /// <c>rabbit://user:pass@host:5672/vhost</c>. Required: there is no default, so a forgotten setting fails the host
    /// start with a message instead of quietly connecting to <c>guest@localhost</c>.</summary>
    public string? TransportUrl { get; set; }

    /// <summary>The notification transport's URL (oslo's <c>[oslo_messaging_notifications] transport_url</c>). Default
    /// null: notifications use the RPC transport (one set of connections), as oslo uses <c>transport_url</c>.</summary>
    public string? NotificationTransportUrl { get; set; }

    /// <summary>The exchange of targets without one (oslo's <c>[DEFAULT] control_exchange</c>). Default <c>openstack</c>.</summary>
    public string ControlExchange { get; set; } = "openstack";

    /// <summary>The reply timeout of registered RPC clients (oslo's <c>[DEFAULT] rpc_response_timeout</c>). Default 60 s.</summary>
    public TimeSpan RpcResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many requests each hosted RPC server runs at once (oslo's <c>[DEFAULT] executor_thread_pool_size</c>).
    /// Default 64.</summary>
    public int ExecutorThreadPoolSize { get; set; } = 64;

    /// <summary>Hosted RPC servers answer <c>oslo_rpc_server_ping</c> (oslo's <c>[DEFAULT] rpc_ping_enabled</c>). Default false.</summary>
    public bool RpcPingEnabled { get; set; }

    /// <summary>RabbitMQ driver options (oslo's <c>[oslo_messaging_rabbit]</c>); the URL's query overrides them. Default
    /// null: oslo's defaults.</summary>
    public RabbitMqOptions? RabbitMq { get; set; }

    /// <summary>The injectable <see cref="Notifier"/>'s options (oslo's <c>[oslo_messaging_notifications] driver</c>,
    /// <c>topics</c>, <c>retry</c>). Default: <see cref="NotificationDriver.MessagingV2"/> to <c>notifications</c>.</summary>
    public NotifierOptions Notifier { get; set; } = new();

    /// <summary>Further set-up of every transport's options, after the settings above (remote exceptions to recreate,
    /// another driver, a shared memory broker in tests). Default none.</summary>
    public Action<TransportOptions>? ConfigureTransport { get; set; }
}
