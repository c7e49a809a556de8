using System.Globalization;
using System.Text.Json;
using Oslo.Messaging.RabbitMq;

namespace Oslo.Messaging.Configuration.Tests.Support;

/// <summary>Every option the library reads, by oslo key ("group.name"), as the value the library ends up using, in a
/// form comparable with what Python's oslo.config returns.</summary>
internal static class SupportedOptions
{
    private static readonly Dictionary<string, Func<RabbitMqOptions, object?>> Rabbit = new()
    {
        ["amqp_durable_queues"] = o => o.DurableQueues,
        ["amqp_auto_delete"] = o => o.AutoDelete,
        ["rabbit_quorum_queue"] = o => o.QuorumQueues,
        ["rabbit_quorum_delivery_limit"] = o => o.QuorumDeliveryLimit,
        ["rabbit_quroum_max_memory_length"] = o => o.QuorumMaxMemoryLength,
        ["rabbit_quroum_max_memory_bytes"] = o => o.QuorumMaxMemoryBytes,
        ["rabbit_ha_queues"] = o => o.HaQueues,
        ["rabbit_transient_queues_ttl"] = o => o.TransientQueuesTtl.TotalSeconds,
        ["rabbit_qos_prefetch_count"] = o => o.QosPrefetchCount,
        ["heartbeat_timeout_threshold"] = o => o.HeartbeatTimeoutThreshold.TotalSeconds,
        ["heartbeat_rate"] = o => o.HeartbeatRate,
        ["rabbit_retry_interval"] = o => o.RetryInterval.TotalSeconds,
        ["rabbit_retry_backoff"] = o => o.RetryBackoff.TotalSeconds,
        ["rabbit_interval_max"] = o => o.IntervalMax.TotalSeconds,
        ["kombu_reconnect_delay"] = o => o.ReconnectDelay.TotalSeconds,
        ["kombu_missing_consumer_retry_timeout"] = o => o.MissingConsumerRetryTimeout.TotalSeconds,
        ["kombu_failover_strategy"] = o => o.FailoverStrategy == RabbitMqFailoverStrategy.Shuffle ? "shuffle" : "round-robin",
        ["rabbit_login_method"] = o => o.LoginMethod.ToString().ToUpperInvariant(),
        ["ssl"] = o => o.Ssl,
        ["ssl_version"] = o => o.SslVersion ?? "",
        ["ssl_key_file"] = o => o.SslKeyFile ?? "",
        ["ssl_cert_file"] = o => o.SslCertFile ?? "",
        ["ssl_ca_file"] = o => o.SslCaFile ?? "",
        ["ssl_enforce_hostname_verification"] = o => o.SslEnforceHostnameVerification,
        ["direct_mandatory_flag"] = o => o.DirectMandatoryFlag,
        ["enable_cancel_on_failover"] = o => o.EnableCancelOnFailover,
    };

    /// <summary>The option keys compared with oslo.config.</summary>
    public static IEnumerable<string> Keys =>
    [
        "DEFAULT.transport_url", "DEFAULT.control_exchange", "DEFAULT.rpc_response_timeout",
        "DEFAULT.executor_thread_pool_size", "DEFAULT.rpc_ping_enabled",
        "oslo_messaging_notifications.driver", "oslo_messaging_notifications.topics",
        "oslo_messaging_notifications.transport_url", "oslo_messaging_notifications.retry",
        .. Rabbit.Keys.Select(k => "oslo_messaging_rabbit." + k),
    ];

    /// <summary>The options <paramref name="settings"/> sets, by key, canonical form.</summary>
    public static Dictionary<string, string> Of(OsloMessagingSettings settings)
    {
        var result = new Dictionary<string, string>();
        void Add(string key, object? value, bool isSet)
        {
            if (isSet)
            {
                result[key] = Canonical(value);
            }
        }

        Add("DEFAULT.transport_url", settings.TransportUrl, settings.TransportUrl is not null);
        Add("DEFAULT.control_exchange", settings.ControlExchange, settings.ControlExchange is not null);
        Add("DEFAULT.rpc_response_timeout", settings.RpcResponseTimeout?.TotalSeconds, settings.RpcResponseTimeout is not null);
        Add("DEFAULT.executor_thread_pool_size", settings.ExecutorThreadPoolSize, settings.ExecutorThreadPoolSize is not null);
        Add("DEFAULT.rpc_ping_enabled", settings.RpcPingEnabled, settings.RpcPingEnabled is not null);
        Add("oslo_messaging_notifications.driver", settings.NotificationDrivers, settings.NotificationDrivers is not null);
        Add("oslo_messaging_notifications.topics", settings.NotificationTopics, settings.NotificationTopics is not null);
        Add("oslo_messaging_notifications.transport_url", settings.NotificationTransportUrl, settings.NotificationTransportUrl is not null);
        Add("oslo_messaging_notifications.retry", settings.NotificationRetry, settings.NotificationRetry is not null);
        var rabbit = settings.ApplyTo(new RabbitMqOptions());
        foreach (var (name, read) in Rabbit)
        {
            Add("oslo_messaging_rabbit." + name, read(rabbit), settings.RabbitOptions.ContainsKey(name));
        }

        return result;
    }

    /// <summary>A value from Python's JSON in the same canonical form.</summary>
    public static string Canonical(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => Canonical(value.GetDouble()),
        JsonValueKind.True => Canonical(true),
        JsonValueKind.False => Canonical(false),
        JsonValueKind.String => Canonical(value.GetString()),
        JsonValueKind.Array => Canonical(value.EnumerateArray().Select(e => e.GetString()).ToList()),
        _ => "null",
    };

    private static string Canonical(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int i => ((double)i).ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => JsonSerializer.Serialize(s),
        IEnumerable<string?> list => "[" + string.Join(",", list.Select(s => JsonSerializer.Serialize(s))) + "]",
        _ => throw new ArgumentException($"no canonical form for {value.GetType()}"),
    };
}
