namespace Oslo.Messaging.Configuration.Internal;

/// <summary>The oslo.messaging options outside <c>[oslo_messaging_rabbit]</c> that this library reads, with oslo's
/// deprecated names (oslo.messaging 14, <c>oslo_messaging/opts.py</c>).</summary>
internal static class OsloOptions
{
    public const string Default = OsloIniParser.DefaultSection;
    public const string Notifications = "oslo_messaging_notifications";
    public const string Rabbit = "oslo_messaging_rabbit";

    public static readonly OptionName TransportUrl = new(Default, "transport_url", Secret: true);
    public static readonly OptionName ControlExchange = new(Default, "control_exchange");
    public static readonly OptionName RpcResponseTimeout = new(Default, "rpc_response_timeout");
    public static readonly OptionName ExecutorThreadPoolSize = new(Default, "executor_thread_pool_size", false, (Default, "rpc_thread_pool_size"));
    public static readonly OptionName RpcPingEnabled = new(Default, "rpc_ping_enabled");

    public static readonly OptionName NotificationDriver = new(Notifications, "driver", false, (Default, "notification_driver"));
    public static readonly OptionName NotificationTopics = new(Notifications, "topics", false, ("rpc_notifier2", "topics"), (Default, "notification_topics"));
    public static readonly OptionName NotificationTransportUrl = new(Notifications, "transport_url", true, (Default, "notification_transport_url"));
    public static readonly OptionName NotificationRetry = new(Notifications, "retry");

    /// <summary>Every name of the options above in <c>[oslo_messaging_notifications]</c>: anything else there is warned about.</summary>
    public static readonly IReadOnlySet<string> NotificationNames = new HashSet<string>(StringComparer.Ordinal) { "driver", "topics", "transport_url", "retry" };
}
