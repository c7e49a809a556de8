using Oslo.Messaging.RabbitMq;
using static Oslo.Messaging.Configuration.Internal.OptionType;

namespace Oslo.Messaging.Configuration.Internal;

/// <summary>
/// An <c>[oslo_messaging_rabbit]</c> option and how its text becomes a change to <see cref="RabbitMqOptions"/>, typed as
/// oslo.messaging 14 declares it (so a file oslo refuses is refused here too). <see cref="Parse"/> validates when the
/// settings are read; the change is applied later, onto the caller's options. A null change: accepted without effect.
/// </summary>
internal sealed record RabbitOption(OptionName Name, Func<string, Action<RabbitMqOptions>?> Parse)
{
    private static RabbitOption Of(string name, Func<string, Action<RabbitMqOptions>?> parse, params string[] deprecated) =>
        new(new OptionName(OsloOptions.Rabbit, name, false, [.. deprecated.Select(d => (OsloOptions.Rabbit, d))]), parse);

    /// <summary>Also read from <c>[DEFAULT]</c> under the same name (oslo's <c>deprecated_opts</c> with group DEFAULT).</summary>
    private static RabbitOption OrDefault(string name, Func<string, Action<RabbitMqOptions>?> parse) =>
        new(new OptionName(OsloOptions.Rabbit, name, false, (OsloOptions.Default, name)), parse);

    public static readonly IReadOnlyList<RabbitOption> All =
    [
        Of("amqp_durable_queues", t => { var v = Bool(t); return o => o.DurableQueues = v; }),
        OrDefault("amqp_auto_delete", t => { var v = Bool(t); return o => o.AutoDelete = v; }),
        Of("rabbit_quorum_queue", t => { var v = Bool(t); return o => o.QuorumQueues = v; }),
        Of("rabbit_quorum_delivery_limit", t => Int(t) is int v ? o => o.QuorumDeliveryLimit = v : null),
        // oslo 14 spells these "quroum"; oslo 18 corrected it: both are read.
        Of("rabbit_quroum_max_memory_length", t => Int(t) is int v ? o => o.QuorumMaxMemoryLength = v : null, "rabbit_quorum_max_memory_length"),
        Of("rabbit_quroum_max_memory_bytes", t => Int(t) is int v ? o => o.QuorumMaxMemoryBytes = v : null, "rabbit_quorum_max_memory_bytes"),
        OrDefault("rabbit_ha_queues", t => { var v = Bool(t); return o => o.HaQueues = v; }),
        Of("rabbit_transient_queues_ttl", t => Int(t, min: 0) is int v ? o => o.TransientQueuesTtl = TimeSpan.FromSeconds(v) : null),
        // The newest oslo's (14.6+) queue options.
        Of("rabbit_transient_quorum_queue", t => { var v = Bool(t); return o => o.TransientQuorumQueues = v; }),
        Of("rabbit_stream_fanout", t => { var v = Bool(t); return o => o.StreamFanout = v; }),
        Of("use_queue_manager", t => { var v = Bool(t); return o => o.UseQueueManager = v; }),
        Of("hostname", t => o => o.Hostname = NullIfEmpty(t)),
        Of("processname", t => o => o.ProcessName = NullIfEmpty(t)),
        Of("rabbit_qos_prefetch_count", t => Int(t) is int v ? o => o.QosPrefetchCount = v : null),
        Of("heartbeat_timeout_threshold", t => Int(t) is int v ? o => o.HeartbeatTimeoutThreshold = TimeSpan.FromSeconds(v) : null),
        Of("heartbeat_rate", t => Int(t) is int v ? o => o.HeartbeatRate = v : null),
        Of("rabbit_retry_interval", t => Int(t) is int v ? o => o.RetryInterval = TimeSpan.FromSeconds(v) : null),
        OrDefault("rabbit_retry_backoff", t => Int(t) is int v ? o => o.RetryBackoff = TimeSpan.FromSeconds(v) : null),
        Of("rabbit_interval_max", t => Int(t) is int v ? o => o.IntervalMax = TimeSpan.FromSeconds(v) : null),
        OrDefault("kombu_reconnect_delay", t => Float(t, 0, 4.5) is double v ? o => o.ReconnectDelay = TimeSpan.FromSeconds(v) : null),
        Of("kombu_missing_consumer_retry_timeout", t => Int(t) is int v ? o => o.MissingConsumerRetryTimeout = TimeSpan.FromSeconds(v) : null, "kombu_reconnect_timeout"),
        Of("kombu_failover_strategy", t =>
        {
            var v = Choice(t, "round-robin", "shuffle") == "shuffle" ? RabbitMqFailoverStrategy.Shuffle : RabbitMqFailoverStrategy.RoundRobin;
            return o => o.FailoverStrategy = v;
        }),
        OrDefault("rabbit_login_method", t =>
        {
            var v = Choice(t, "PLAIN", "AMQPLAIN", "EXTERNAL", "RABBIT-CR-DEMO") switch
            {
                "PLAIN" => RabbitMqLoginMethod.Plain,
                "AMQPLAIN" => RabbitMqLoginMethod.Amqplain,
                "EXTERNAL" => RabbitMqLoginMethod.External,
                _ => throw new FormatException("RABBIT-CR-DEMO (a RabbitMQ demo mechanism) is not supported by the .NET driver; use AMQPLAIN, PLAIN or EXTERNAL"),
            };
            return o => o.LoginMethod = v;
        }),
        Of("ssl", t => { var v = Bool(t); return o => o.Ssl = v; }, "rabbit_use_ssl"),
        Of("ssl_version", t => o => o.SslVersion = NullIfEmpty(t), "kombu_ssl_version"),
        Of("ssl_key_file", t => o => o.SslKeyFile = NullIfEmpty(t), "kombu_ssl_keyfile"),
        Of("ssl_cert_file", t => o => o.SslCertFile = NullIfEmpty(t), "kombu_ssl_certfile"),
        Of("ssl_ca_file", t => o => o.SslCaFile = NullIfEmpty(t), "kombu_ssl_ca_certs"),
        Of("ssl_enforce_hostname_verification", t => { var v = Bool(t); return o => o.SslEnforceHostnameVerification = v; }),
        Of("direct_mandatory_flag", t => { var v = Bool(t); return o => o.DirectMandatoryFlag = v; }),
        Of("enable_cancel_on_failover", t => { var v = Bool(t); return o => o.EnableCancelOnFailover = v; }),

        // Accepted (and type-checked) for compatibility: they tune machinery this driver does not have.
        Of("heartbeat_in_pthread", t => { _ = Bool(t); return null; }),
        // oslo 14 has the pool options in [DEFAULT], oslo 18 in [oslo_messaging_rabbit]: both are read.
        OrDefault("conn_pool_min_size", t => { _ = Int(t); return null; }),
        OrDefault("conn_pool_ttl", t => { _ = Int(t); return null; }),
        OrDefault("rpc_conn_pool_size", t => { _ = Int(t, min: 1); return null; }), // sends share one pipelined confirm channel
        Of("ssl_enforce_fips_mode", t => Bool(t)
            ? throw new FormatException("FIPS mode is set by the operating system for .NET, not per connection")
            : null),
        Of("kombu_compression", t => t.Trim().ToLowerInvariant() switch
        {
            "" => null,
            "gzip" or "zlib" => o => o.Compression = t.Trim(),
            _ => throw new FormatException("the .NET driver writes only gzip/zlib (kombu's zlib stream, which every kombu reads)"),
        }),
    ];

    /// <summary>Every name (current and deprecated) read from <c>[oslo_messaging_rabbit]</c>: anything else there is warned about.</summary>
    public static readonly IReadOnlySet<string> Names = All
        .SelectMany(o => o.Name.All).Where(n => n.Section == OsloOptions.Rabbit).Select(n => n.Name)
        .ToHashSet(StringComparer.Ordinal);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
