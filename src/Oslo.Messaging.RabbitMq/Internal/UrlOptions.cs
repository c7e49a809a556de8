using Oslo.Messaging.Exceptions;
using static Oslo.Messaging.RabbitMq.Internal.OptionValues;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// The URL query options of the driver, by oslo name (docs/wire-protocol.md, "RabbitMQ options" and "Transport URL"): each overrides the options object. An unknown
/// name is an error, as oslo's <c>NoSuchOptError</c>.
/// </summary>
internal static class UrlOptions
{
    private delegate RabbitSettings Apply(RabbitSettings settings, string name, string value);

    private static readonly Dictionary<string, Apply> _options = new(StringComparer.Ordinal)
    {
        ["amqp_durable_queues"] = (s, n, v) => s with { DurableQueues = Bool(n, v) },
        ["amqp_auto_delete"] = (s, n, v) => s with { AutoDelete = Bool(n, v) },
        ["rabbit_quorum_queue"] = (s, n, v) => s with { QuorumQueues = Bool(n, v) },
        ["rabbit_quorum_delivery_limit"] = (s, n, v) => s with { QuorumDeliveryLimit = Int(n, v) },
        ["rabbit_quroum_max_memory_length"] = (s, n, v) => s with { QuorumMaxMemoryLength = Int(n, v) },
        ["rabbit_quorum_max_memory_length"] = (s, n, v) => s with { QuorumMaxMemoryLength = Int(n, v) },
        ["rabbit_quroum_max_memory_bytes"] = (s, n, v) => s with { QuorumMaxMemoryBytes = Int(n, v) },
        ["rabbit_quorum_max_memory_bytes"] = (s, n, v) => s with { QuorumMaxMemoryBytes = Int(n, v) },
        ["rabbit_ha_queues"] = (s, n, v) => s with { HaQueues = Bool(n, v) },
        ["rabbit_transient_queues_ttl"] = (s, n, v) => s with { TransientQueuesTtl = TimeSpan.FromSeconds(Int(n, v)) },
        ["rabbit_transient_quorum_queue"] = (s, n, v) => s with { TransientQuorumQueues = Bool(n, v) },
        ["rabbit_stream_fanout"] = (s, n, v) => s with { StreamFanout = Bool(n, v) },
        ["use_queue_manager"] = (s, n, v) => s with { UseQueueManager = Bool(n, v) },
        ["hostname"] = (s, _, v) => s with { Hostname = v },
        ["processname"] = (s, _, v) => s with { ProcessName = v },
        ["kombu_compression"] = (s, n, v) => s with { Compression = MessageCompression.Parse(n, v) },
        ["rabbit_qos_prefetch_count"] = (s, n, v) => s with { QosPrefetchCount = Int(n, v) },
        ["heartbeat_timeout_threshold"] = (s, n, v) => s with { HeartbeatTimeoutThreshold = TimeSpan.FromSeconds(Int(n, v)) },
        ["heartbeat_rate"] = (s, n, v) => s with { HeartbeatRate = Int(n, v) },
        ["rabbit_retry_interval"] = (s, n, v) => s with { RetryInterval = Seconds(n, v) },
        ["rabbit_retry_backoff"] = (s, n, v) => s with { RetryBackoff = Seconds(n, v) },
        ["rabbit_interval_max"] = (s, n, v) => s with { IntervalMax = Seconds(n, v) },
        ["kombu_reconnect_delay"] = (s, n, v) => s with { ReconnectDelay = Seconds(n, v) },
        ["kombu_missing_consumer_retry_timeout"] = (s, n, v) => s with { MissingConsumerRetryTimeout = Seconds(n, v) },
        ["kombu_reconnect_timeout"] = (s, n, v) => s with { MissingConsumerRetryTimeout = Seconds(n, v) },
        ["kombu_failover_strategy"] = (s, n, v) => s with { FailoverStrategy = FailoverStrategy(n, v) },
        ["rabbit_login_method"] = (s, n, v) => s with { LoginMethod = LoginMethod(n, v) },
        ["ssl"] = (s, n, v) => s with { Ssl = Bool(n, v) },
        ["rabbit_use_ssl"] = (s, n, v) => s with { Ssl = Bool(n, v) },
        ["ssl_ca_file"] = (s, _, v) => s with { SslCaFile = v },
        ["ssl_cert_file"] = (s, _, v) => s with { SslCertFile = v },
        ["ssl_key_file"] = (s, _, v) => s with { SslKeyFile = v },
        ["ssl_version"] = (s, _, v) => s with { SslVersion = v },
        ["ssl_enforce_hostname_verification"] = (s, n, v) => s with { SslEnforceHostnameVerification = Bool(n, v) },
        ["direct_mandatory_flag"] = (s, n, v) => s with { DirectMandatoryFlag = Bool(n, v) },
        ["enable_cancel_on_failover"] = (s, n, v) => s with { EnableCancelOnFailover = Bool(n, v) },

        // Accepted for compatibility with oslo URLs; they tune machinery this driver does not have.
        ["heartbeat_in_pthread"] = (s, n, v) => Ignored(s, Bool(n, v)),
        ["conn_pool_min_size"] = (s, n, v) => Ignored(s, Int(n, v)),
        ["conn_pool_ttl"] = (s, n, v) => Ignored(s, Int(n, v)),
        ["rpc_conn_pool_size"] = (s, n, v) => Ignored(s, Int(n, v)), // all sends share one pipelined confirm channel
        ["ssl_enforce_fips_mode"] = (s, n, v) => Bool(n, v)
            ? throw Invalid(n, v, "FIPS mode is set by the operating system for .NET, not per connection")
            : s,
    };

    /// <summary>All option names the URL query accepts, sorted.</summary>
    public static IEnumerable<string> Names => _options.Keys.Order(StringComparer.Ordinal);

    /// <summary>Applies <paramref name="query"/> to <paramref name="settings"/>.</summary>
    /// <exception cref="TransportConfigurationException">An unknown option or an invalid value.</exception>
    public static RabbitSettings ApplyQuery(RabbitSettings settings, IReadOnlyDictionary<string, string> query, string maskedUrl)
    {
        var unknown = query.Keys.Where(k => !_options.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new TransportConfigurationException(
                $"Unknown RabbitMQ transport option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)} in \"{maskedUrl}\". " +
                $"Known options: {string.Join(", ", Names)}");
        }

        foreach (var (name, value) in query)
        {
            settings = _options[name](settings, name, value);
        }

        return settings;
    }

    private static RabbitSettings Ignored<T>(RabbitSettings settings, T validated)
    {
        _ = validated;
        return settings;
    }
}
