namespace Oslo.Messaging.RabbitMq;

/// <summary>
/// Options of the RabbitMQ driver: oslo's <c>[oslo_messaging_rabbit]</c> group. Every option can also be given in the
/// transport URL's query under its oslo name (e.g. <c>rabbit://h/?amqp_durable_queues=true</c>); the URL wins, as in oslo.
/// Values are validated when the transport is created (<see cref="Exceptions.TransportConfigurationException"/>).
/// </summary>
/// <remarks>The driver factory copies the options when it is constructed: changing this object afterwards has no
/// effect on that factory or its transports. The defaults written here are the driver's only defaults.
/// Topology options (durable, auto-delete, quorum, HA, TTL) must match the other services of the cloud:
/// RabbitMQ refuses a re-declaration with different flags (406 PRECONDITION_FAILED).</remarks>
public sealed class RabbitMqOptions
{
    /// <summary><c>amqp_durable_queues</c>: durable topic exchange and topic queues. Default false.</summary>
    public bool DurableQueues { get; set; }

    /// <summary><c>amqp_auto_delete</c>: auto-delete topic exchange and topic queues. Default false.</summary>
    public bool AutoDelete { get; set; }

    /// <summary><c>rabbit_quorum_queue</c>: topic queues are quorum queues (implies durable). Default false.
    /// Cannot be combined with <see cref="HaQueues"/>. Reply and fanout queues: <see cref="TransientQuorumQueues"/>.</summary>
    public bool QuorumQueues { get; set; }

    /// <summary><c>rabbit_quorum_delivery_limit</c>: <c>x-delivery-limit</c> of quorum queues when above 0. Default 0.</summary>
    public int QuorumDeliveryLimit { get; set; }

    /// <summary><c>rabbit_quroum_max_memory_length</c> (oslo's spelling): <c>x-max-in-memory-length</c> when above 0. Default 0.</summary>
    public int QuorumMaxMemoryLength { get; set; }

    /// <summary><c>rabbit_quroum_max_memory_bytes</c> (oslo's spelling): <c>x-max-in-memory-bytes</c> when above 0. Default 0.</summary>
    public int QuorumMaxMemoryBytes { get; set; }

    /// <summary><c>rabbit_ha_queues</c>: adds <c>x-ha-policy: all</c> to queue arguments (ignored by RabbitMQ 3+). Default false.</summary>
    public bool HaQueues { get; set; }

    /// <summary><c>rabbit_transient_queues_ttl</c>: <c>x-expires</c> of the reply and fanout queues (and <c>x-max-age</c> of
    /// the stream with <see cref="StreamFanout"/>). Default 1800 s. Zero (oslo 14.6+): neither argument is sent, the queues
    /// live until deleted (operators set a policy instead).</summary>
    public TimeSpan TransientQueuesTtl { get; set; } = TimeSpan.FromSeconds(1800);

    /// <summary><c>rabbit_transient_quorum_queue</c> (oslo 14.7+): reply and fanout queues are durable quorum queues and the
    /// <c>T_fanout</c> exchange is durable. Every server and fanout caster of a topic must agree on it (the exchange flags
    /// differ otherwise: 406). Cannot be combined with <see cref="HaQueues"/>. Default false.</summary>
    public bool TransientQuorumQueues { get; set; }

    /// <summary><c>rabbit_stream_fanout</c> (oslo 14.7+): fanout casts go through one stream queue per topic, named
    /// <c>T_fanout</c> and shared by every server of the topic, instead of a queue per server. Needs
    /// <see cref="TransientQuorumQueues"/> and a prefetch above 0 (the derived default is). Default false.</summary>
    public bool StreamFanout { get; set; }

    /// <summary><c>use_queue_manager</c> (oslo 14.7+): reply and fanout queues are named
    /// <c>reply_&lt;hostname&gt;:&lt;processname&gt;:&lt;n&gt;</c> and <c>T_fanout_&lt;hostname&gt;:&lt;processname&gt;:&lt;n&gt;</c>
    /// instead of a random id, so a restarted process finds its queues again (they are not deleted on close; they
    /// expire after <see cref="TransientQueuesTtl"/>). <c>n</c> counts per (hostname, processname) in this process. This
    /// driver consumes such a queue as an exclusive consumer, so a second process using the same names cannot share it
    /// silently: it takes the next number instead. Default false.</summary>
    public bool UseQueueManager { get; set; }

    /// <summary><c>hostname</c>: the host part of <see cref="UseQueueManager"/> names. Default the machine's host name
    /// (as Python's <c>socket.gethostname()</c>).</summary>
    public string? Hostname { get; set; }

    /// <summary><c>processname</c>: the process part of <see cref="UseQueueManager"/> names. Default the entry assembly's
    /// name. Must differ from every Python service's on the same host (a Python process does not take the next number
    /// when the name is in use; it fails).</summary>
    public string? ProcessName { get; set; }

    /// <summary><c>kombu_compression</c>: compress every published body and name the codec in the <c>compression</c>
    /// header, as kombu does. <c>gzip</c> or <c>zlib</c>: header <c>application/x-gzip</c>, body a zlib stream (RFC 1950;
    /// kombu's "gzip" is zlib). Other kombu codecs (<c>bzip2</c>, <c>lzma</c>) are refused. Received messages are
    /// decompressed whenever they carry the header (<c>application/x-gzip</c>, <c>application/x-brotli</c>), whatever this
    /// option says, as Python consumers do. Default none: not compressed.</summary>
    public string? Compression { get; set; }

    /// <summary><c>rabbit_qos_prefetch_count</c>: unacknowledged messages per consumer channel; 0 = unlimited (oslo's
    /// meaning: the client library then buffers every message the broker has in memory). Default null: derived from
    /// the listener's concurrency (<see cref="Transports.IMessageHandler.MaxConcurrency"/>, the RPC server's executor
    /// size): twice that, at least 64 — enough to keep every worker busy, while the rest waits in the broker.</summary>
    public int? QosPrefetchCount { get; set; }

    /// <summary><c>heartbeat_timeout_threshold</c>: AMQP heartbeat requested from the broker; zero disables. Default 60 s.</summary>
    public TimeSpan HeartbeatTimeoutThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>heartbeat_rate</c>: accepted for compatibility; RabbitMQ.Client schedules heartbeats itself (a frame
    /// after half the negotiated interval without traffic). Default 3, as oslo 14.5+ (2 before); no wire effect.</summary>
    public int HeartbeatRate { get; set; } = 3;

    /// <summary><c>rabbit_retry_interval</c>: first delay between connection attempts. Default 1 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>rabbit_retry_backoff</c>: added to the delay after each failed attempt. Default 2 s.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>rabbit_interval_max</c>: the longest delay between connection attempts. Default 30 s.</summary>
    public TimeSpan IntervalMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>kombu_reconnect_delay</c>: pause after a lost connection before reconnecting. Default 1 s; 0 to 4.5 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>kombu_missing_consumer_retry_timeout</c>: how long a reply whose reply queue is missing is retried
    /// (every 0.25 s) before it is dropped. Default 60 s.</summary>
    public TimeSpan MissingConsumerRetryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>kombu_failover_strategy</c>: order in which the hosts of the URL are tried. Default round-robin.</summary>
    public RabbitMqFailoverStrategy FailoverStrategy { get; set; } = RabbitMqFailoverStrategy.RoundRobin;

    /// <summary><c>rabbit_login_method</c>: SASL mechanism: AMQPLAIN, PLAIN or EXTERNAL (client certificate; needs
    /// <see cref="Ssl"/> and <see cref="SslCertFile"/>). Default AMQPLAIN, as oslo.</summary>
    public RabbitMqLoginMethod LoginMethod { get; set; } = RabbitMqLoginMethod.Amqplain;

    /// <summary><c>ssl</c>: connect with TLS. Default false.</summary>
    public bool Ssl { get; set; }

    /// <summary><c>ssl_ca_file</c>: PEM file of the CAs that may sign the broker's certificate. When set the broker's
    /// certificate must chain to one of them (the system's trusted CAs are not used) and its name must match the host when
    /// <see cref="SslEnforceHostnameVerification"/> is on. When empty the certificate must chain to a CA the system trusts
    /// and its name is not checked (as oslo). Default none.</summary>
    public string? SslCaFile { get; set; }

    /// <summary><c>ssl_cert_file</c>: PEM client certificate, used with <see cref="SslKeyFile"/>. Default none.</summary>
    public string? SslCertFile { get; set; }

    /// <summary><c>ssl_key_file</c>: PEM private key of <see cref="SslCertFile"/>. Default none.</summary>
    public string? SslKeyFile { get; set; }

    /// <summary><c>ssl_version</c>: <c>TLSv1_2</c>, <c>TLSv1_3</c>, or empty / <c>SSLv23</c> for the system default. Default empty.</summary>
    public string? SslVersion { get; set; }

    /// <summary><c>ssl_enforce_hostname_verification</c>: with <see cref="SslCaFile"/>, the broker's certificate must name the
    /// host of the URL it is reached by (DNS name, or IP address for an IP host). Without a CA file it has no effect, as
    /// in oslo. Default true, as the newest oslo (18.x; 14.x defaults to false): a certificate that any other holder of
    /// the same CA could present is no proof of talking to the broker.</summary>
    public bool SslEnforceHostnameVerification { get; set; } = true;

    /// <summary>.NET only, no URL option on purpose (a copied URL cannot switch verification off): accept any broker
    /// certificate, untrusted, expired or for another name. Every connection that needed it logs a warning with what was
    /// ignored. Anyone between this process and the broker can then read the password and the messages: for a test
    /// broker only. Cannot be combined with <see cref="SslCaFile"/>. Default false.</summary>
    public bool SslInsecureAcceptAnyCertificate { get; set; }

    /// <summary><c>direct_mandatory_flag</c>: publish replies as mandatory, so a missing reply queue is noticed. Default true.</summary>
    public bool DirectMandatoryFlag { get; set; } = true;

    /// <summary><c>enable_cancel_on_failover</c>: consume with <c>x-cancel-on-ha-failover: true</c>. Default false.</summary>
    public bool EnableCancelOnFailover { get; set; }

    /// <summary>.NET only (no URL option): the largest message body the driver takes from the broker, in bytes. A larger
    /// message is rejected without requeue (so it is not delivered again) and logged with its size; consuming goes on.
    /// Default 128 MiB, RabbitMQ's own default <c>max_message_size</c> (the broker refuses larger publishes); 1 KiB to
    /// 512 MiB (RabbitMQ's hard limit).</summary>
    public int MaxMessageSize { get; set; } = 128 * 1024 * 1024;

    /// <summary>.NET only (no URL option): how often every consumer checks with a passive declare that its queue still
    /// exists and it is still consuming, and re-declares it otherwise. Default 30 s; zero disables the check.</summary>
    public TimeSpan QueueCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
