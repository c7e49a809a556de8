using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>The driver's resolved, validated options: <see cref="RabbitMqOptions"/> overridden by the URL query.</summary>
/// <remarks>No defaults here: they live in <see cref="RabbitMqOptions"/> only (<see cref="Defaults"/> is a copy of them).
/// An immutable snapshot, so options changed after the factory was made cannot reach a running driver.</remarks>
internal sealed record RabbitSettings
{
    /// <summary>RabbitMQ's hard limit of <c>max_message_size</c> (512 MiB): no message the broker holds is larger, so the
    /// client library (given this as its inbound limit) never closes the connection over a message's size.</summary>
    public const int MaxMessageSizeLimit = 512 * 1024 * 1024;

    /// <summary>The smallest derived prefetch: below it a fast handler would wait on the network between messages.</summary>
    private const int DerivedPrefetchMin = 64;

    /// <summary>oslo's defaults, as <see cref="RabbitMqOptions"/> declares them.</summary>
    public static readonly RabbitSettings Defaults = From(new RabbitMqOptions());

    public bool DurableQueues { get; init; }
    public bool AutoDelete { get; init; }
    public bool QuorumQueues { get; init; }
    public int QuorumDeliveryLimit { get; init; }
    public int QuorumMaxMemoryLength { get; init; }
    public int QuorumMaxMemoryBytes { get; init; }
    public bool HaQueues { get; init; }
    public TimeSpan TransientQueuesTtl { get; init; }
    public bool TransientQuorumQueues { get; init; }
    public bool StreamFanout { get; init; }
    public bool UseQueueManager { get; init; }
    public string Hostname { get; init; } = "";
    public string ProcessName { get; init; } = "";
    public MessageCompression Compression { get; init; } = MessageCompression.None;
    public int? QosPrefetchCount { get; init; }
    public TimeSpan HeartbeatTimeoutThreshold { get; init; }
    public int HeartbeatRate { get; init; }
    public TimeSpan RetryInterval { get; init; }
    public TimeSpan RetryBackoff { get; init; }
    public TimeSpan IntervalMax { get; init; }
    public TimeSpan ReconnectDelay { get; init; }
    public TimeSpan MissingConsumerRetryTimeout { get; init; }
    public RabbitMqFailoverStrategy FailoverStrategy { get; init; }
    public RabbitMqLoginMethod LoginMethod { get; init; }
    public bool Ssl { get; init; }
    public string? SslCaFile { get; init; }
    public string? SslCertFile { get; init; }
    public string? SslKeyFile { get; init; }
    public string? SslVersion { get; init; }
    public bool SslEnforceHostnameVerification { get; init; }
    public bool SslInsecureAcceptAnyCertificate { get; init; }
    public bool DirectMandatoryFlag { get; init; }
    public bool EnableCancelOnFailover { get; init; }
    public int MaxMessageSize { get; init; }
    public TimeSpan QueueCheckInterval { get; init; }

    /// <summary>Reply and fanout queues are durable (quorum) queues and <c>T_fanout</c> is durable: <c>rabbit_transient_quorum_queue</c>
    /// (docs/wire-protocol.md, "Newer oslo options").</summary>
    public bool TransientDurable => TransientQuorumQueues;

    /// <summary>Topic exchange and topic queues are durable: <c>amqp_durable_queues OR rabbit_quorum_queue</c> (docs/wire-protocol.md, "RabbitMQ topology").</summary>
    public bool Durable => DurableQueues || QuorumQueues;

    /// <summary>The prefetch of a consumer channel whose handler runs <paramref name="concurrency"/> messages at once:
    /// <c>rabbit_qos_prefetch_count</c> when set (0 = unlimited), else twice the concurrency, at least 64.</summary>
    public ushort PrefetchFor(int concurrency) =>
        (ushort)(QosPrefetchCount ?? Math.Clamp(2L * concurrency, DerivedPrefetchMin, ushort.MaxValue));

    /// <summary>Copies an options object (no validation; see <see cref="Validate"/>).</summary>
    public static RabbitSettings From(RabbitMqOptions options) => new()
    {
        DurableQueues = options.DurableQueues,
        AutoDelete = options.AutoDelete,
        QuorumQueues = options.QuorumQueues,
        QuorumDeliveryLimit = options.QuorumDeliveryLimit,
        QuorumMaxMemoryLength = options.QuorumMaxMemoryLength,
        QuorumMaxMemoryBytes = options.QuorumMaxMemoryBytes,
        HaQueues = options.HaQueues,
        TransientQueuesTtl = options.TransientQueuesTtl,
        TransientQuorumQueues = options.TransientQuorumQueues,
        StreamFanout = options.StreamFanout,
        UseQueueManager = options.UseQueueManager,
        Hostname = NullIfEmpty(options.Hostname) ?? QueueManager.DefaultHostname(),
        ProcessName = NullIfEmpty(options.ProcessName) ?? QueueManager.DefaultProcessName(),
        Compression = MessageCompression.Parse("kombu_compression", options.Compression),
        QosPrefetchCount = options.QosPrefetchCount,
        HeartbeatTimeoutThreshold = options.HeartbeatTimeoutThreshold,
        HeartbeatRate = options.HeartbeatRate,
        RetryInterval = options.RetryInterval,
        RetryBackoff = options.RetryBackoff,
        IntervalMax = options.IntervalMax,
        ReconnectDelay = options.ReconnectDelay,
        MissingConsumerRetryTimeout = options.MissingConsumerRetryTimeout,
        FailoverStrategy = options.FailoverStrategy,
        LoginMethod = options.LoginMethod,
        Ssl = options.Ssl,
        SslCaFile = NullIfEmpty(options.SslCaFile),
        SslCertFile = NullIfEmpty(options.SslCertFile),
        SslKeyFile = NullIfEmpty(options.SslKeyFile),
        SslVersion = NullIfEmpty(options.SslVersion),
        SslEnforceHostnameVerification = options.SslEnforceHostnameVerification,
        SslInsecureAcceptAnyCertificate = options.SslInsecureAcceptAnyCertificate,
        DirectMandatoryFlag = options.DirectMandatoryFlag,
        EnableCancelOnFailover = options.EnableCancelOnFailover,
        MaxMessageSize = options.MaxMessageSize,
        QueueCheckInterval = options.QueueCheckInterval,
    };

    /// <summary>Checks ranges and combinations; returns this.</summary>
    /// <exception cref="TransportConfigurationException">The first invalid value, with the option's oslo name.</exception>
    public RabbitSettings Validate()
    {
        if (QuorumQueues && HaQueues)
        {
            throw new TransportConfigurationException(
                "RabbitMQ options rabbit_quorum_queue and rabbit_ha_queues cannot both be enabled (quorum queues are replicated already)");
        }

        if (TransientQuorumQueues && HaQueues)
        {
            throw new TransportConfigurationException(
                "RabbitMQ options rabbit_transient_quorum_queue and rabbit_ha_queues cannot both be enabled (quorum queues are replicated already)");
        }

        if (StreamFanout && !TransientQuorumQueues)
        {
            throw new TransportConfigurationException(
                "RabbitMQ option rabbit_stream_fanout needs rabbit_transient_quorum_queue=true (as oslo: the T_fanout exchange is durable only then)");
        }

        if (StreamFanout && QosPrefetchCount == 0)
        {
            throw new TransportConfigurationException(
                "RabbitMQ option rabbit_stream_fanout needs rabbit_qos_prefetch_count above 0 (RabbitMQ refuses stream consumers without a prefetch); " +
                "leave it unset for the derived prefetch");
        }

        if (StreamFanout && TransientQueuesTtl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new TransportConfigurationException(
                $"RabbitMQ option rabbit_transient_queues_ttl must be whole seconds with rabbit_stream_fanout (it becomes the stream's x-max-age \"<seconds>s\"), not {TransientQueuesTtl.TotalSeconds:0.###} s");
        }

        QueueManager.ValidateNamePart("hostname", Hostname);
        QueueManager.ValidateNamePart("processname", ProcessName);
        Range("rabbit_quorum_delivery_limit", QuorumDeliveryLimit, 0, int.MaxValue);
        Range("rabbit_quroum_max_memory_length", QuorumMaxMemoryLength, 0, int.MaxValue);
        Range("rabbit_quroum_max_memory_bytes", QuorumMaxMemoryBytes, 0, int.MaxValue);
        Duration("rabbit_transient_queues_ttl", TransientQueuesTtl, TimeSpan.Zero, TimeSpan.FromMilliseconds(int.MaxValue));
        if (QosPrefetchCount is int prefetch)
        {
            Range("rabbit_qos_prefetch_count", prefetch, 0, ushort.MaxValue);
        }

        Duration("heartbeat_timeout_threshold", HeartbeatTimeoutThreshold, TimeSpan.Zero, TimeSpan.FromSeconds(ushort.MaxValue));
        Range("heartbeat_rate", HeartbeatRate, 1, int.MaxValue);
        Duration("rabbit_retry_interval", RetryInterval, TimeSpan.Zero, TimeSpan.FromDays(1));
        Duration("rabbit_retry_backoff", RetryBackoff, TimeSpan.Zero, TimeSpan.FromDays(1));
        Duration("rabbit_interval_max", IntervalMax, TimeSpan.Zero, TimeSpan.FromDays(1));
        Duration("kombu_reconnect_delay", ReconnectDelay, TimeSpan.Zero, TimeSpan.FromSeconds(4.5));
        Duration("kombu_missing_consumer_retry_timeout", MissingConsumerRetryTimeout, TimeSpan.Zero, TimeSpan.FromDays(1));
        Range("MaxMessageSize", MaxMessageSize, 1024, MaxMessageSizeLimit);

        Duration("QueueCheckInterval", QueueCheckInterval, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (SslKeyFile is not null && SslCertFile is null)
        {
            throw new TransportConfigurationException("RabbitMQ option ssl_key_file needs ssl_cert_file (the client certificate)");
        }

        if (SslInsecureAcceptAnyCertificate && SslCaFile is not null)
        {
            throw new TransportConfigurationException(
                "RabbitMQ options SslInsecureAcceptAnyCertificate and ssl_ca_file contradict each other: the first turns certificate " +
                "verification off, the second says whom to trust. Keep ssl_ca_file and drop the insecure option");
        }

        if (LoginMethod == RabbitMqLoginMethod.External && (!Ssl || SslCertFile is null))
        {
            throw new TransportConfigurationException(
                "RabbitMQ option rabbit_login_method EXTERNAL logs in with the TLS client certificate: it needs ssl=true and " +
                $"ssl_cert_file (with ssl_key_file){(Ssl ? "" : "; ssl is off")}{(SslCertFile is null ? "; ssl_cert_file is not set" : "")}");
        }

        _ = TlsSettings.ParseProtocol(SslVersion);
        return this;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void Range(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new TransportConfigurationException($"Invalid value {value} for RabbitMQ option {name}: must be between {min} and {max}");
        }
    }

    private static void Duration(string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            throw new TransportConfigurationException(
                $"Invalid value {value.TotalSeconds:0.###} s for RabbitMQ option {name}: must be between {min.TotalSeconds:0.###} and {max.TotalSeconds:0.###} s");
        }
    }
}
