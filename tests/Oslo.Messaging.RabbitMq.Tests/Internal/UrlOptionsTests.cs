using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Internal;

public sealed class UrlOptionsTests
{
    private static RabbitSettings Resolve(string url, RabbitMqOptions? options = null) =>
        RabbitMqDriverFactory.Resolve(RabbitSettings.From(options ?? new RabbitMqOptions()), TransportUrl.Parse(url));

    [Fact]
    public void Resolve_NoOptions_HasOsloDefaults()
    {
        var settings = Resolve("rabbit://");

        Assert.False(settings.DurableQueues);
        Assert.False(settings.AutoDelete);
        Assert.False(settings.QuorumQueues);
        Assert.False(settings.HaQueues);
        Assert.Equal(TimeSpan.FromSeconds(1800), settings.TransientQueuesTtl);
        Assert.Null(settings.QosPrefetchCount);
        Assert.Equal(128, settings.PrefetchFor(64));
        Assert.Equal(64, settings.PrefetchFor(1));
        Assert.Equal(128 * 1024 * 1024, settings.MaxMessageSize);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.HeartbeatTimeoutThreshold);
        Assert.Equal(3, settings.HeartbeatRate); // oslo 14.5+ (2 before); no wire effect either way
        Assert.Equal(TimeSpan.FromSeconds(1), settings.RetryInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.RetryBackoff);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.IntervalMax);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.ReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.MissingConsumerRetryTimeout);
        Assert.Equal(RabbitMqFailoverStrategy.RoundRobin, settings.FailoverStrategy);
        Assert.Equal(RabbitMqLoginMethod.Amqplain, settings.LoginMethod);
        Assert.False(settings.Ssl);
        Assert.True(settings.SslEnforceHostnameVerification); // the newest oslo's default (14.x: false)
        Assert.False(settings.SslInsecureAcceptAnyCertificate);
        Assert.True(settings.DirectMandatoryFlag);
        Assert.False(settings.EnableCancelOnFailover);
        // The newest oslo's options, all off: a 14.0.3 deployment sees the same declarations as before.
        Assert.False(settings.TransientQuorumQueues);
        Assert.False(settings.StreamFanout);
        Assert.False(settings.UseQueueManager);
        Assert.Null(settings.Compression.Mime);
        Assert.Equal(System.Net.Dns.GetHostName(), settings.Hostname);
        Assert.False(string.IsNullOrEmpty(settings.ProcessName));
    }

    [Fact]
    public void Resolve_NewestOsloOptions_FromTheUrl()
    {
        var settings = Resolve("rabbit://h/?rabbit_transient_quorum_queue=true&rabbit_stream_fanout=1&use_queue_manager=yes" +
            "&hostname=node1.example.com&processname=nova-compute&kombu_compression=gzip&rabbit_transient_queues_ttl=0");

        Assert.True(settings.TransientQuorumQueues);
        Assert.True(settings.StreamFanout);
        Assert.True(settings.UseQueueManager);
        Assert.Equal("node1.example.com", settings.Hostname);
        Assert.Equal("nova-compute", settings.ProcessName);
        Assert.Equal("application/x-gzip", settings.Compression.Mime);
        Assert.Equal(TimeSpan.Zero, settings.TransientQueuesTtl);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zlib")]
    [InlineData("GZIP")]
    public void Resolve_KombuCompressionAliases_AreKombusZlib(string value)
    {
        Assert.Equal("application/x-gzip", Resolve("rabbit://h/?kombu_compression=" + value).Compression.Mime);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData("ON", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    public void Resolve_BooleanForms_AreAccepted(string value, bool expected)
    {
        var settings = Resolve($"rabbit://h/?amqp_durable_queues={value}", new RabbitMqOptions { DurableQueues = !expected });

        Assert.Equal(expected, settings.DurableQueues);
    }

    [Fact]
    public void Resolve_EveryUrlOption_OverridesTheOptionsObject()
    {
        var options = new RabbitMqOptions { AutoDelete = false, QosPrefetchCount = 3, FailoverStrategy = RabbitMqFailoverStrategy.RoundRobin };
        var settings = Resolve(
            "rabbit://h/?amqp_auto_delete=yes&rabbit_qos_prefetch_count=7&kombu_failover_strategy=shuffle&rabbit_login_method=PLAIN" +
            "&heartbeat_timeout_threshold=20&heartbeat_rate=3&rabbit_retry_interval=0.5&rabbit_retry_backoff=1&rabbit_interval_max=9" +
            "&kombu_reconnect_delay=0.2&kombu_missing_consumer_retry_timeout=5&rabbit_transient_queues_ttl=600&direct_mandatory_flag=off" +
            "&enable_cancel_on_failover=1&rpc_conn_pool_size=4&rabbit_quorum_queue=true" +
            "&rabbit_quorum_delivery_limit=5&rabbit_quroum_max_memory_length=10&rabbit_quroum_max_memory_bytes=2048", options);

        Assert.True(settings.AutoDelete);
        Assert.Equal(7, settings.QosPrefetchCount);
        Assert.Equal(RabbitMqFailoverStrategy.Shuffle, settings.FailoverStrategy);
        Assert.Equal(RabbitMqLoginMethod.Plain, settings.LoginMethod);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.HeartbeatTimeoutThreshold);
        Assert.Equal(3, settings.HeartbeatRate);
        Assert.Equal(TimeSpan.FromSeconds(0.5), settings.RetryInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.RetryBackoff);
        Assert.Equal(TimeSpan.FromSeconds(9), settings.IntervalMax);
        Assert.Equal(TimeSpan.FromSeconds(0.2), settings.ReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.MissingConsumerRetryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(600), settings.TransientQueuesTtl);
        Assert.False(settings.DirectMandatoryFlag);
        Assert.True(settings.EnableCancelOnFailover);
        Assert.True(settings.QuorumQueues);
        Assert.True(settings.Durable);
        Assert.Equal(5, settings.QuorumDeliveryLimit);
        Assert.Equal(10, settings.QuorumMaxMemoryLength);
        Assert.Equal(2048, settings.QuorumMaxMemoryBytes);
    }

    [Fact]
    public void Resolve_OptionsObjectWithoutUrlOptions_IsUsed()
    {
        var settings = Resolve("rabbit://h/", new RabbitMqOptions { HaQueues = true, QosPrefetchCount = 9, ReconnectDelay = TimeSpan.Zero });

        Assert.True(settings.HaQueues);
        Assert.Equal(9, settings.QosPrefetchCount);
        Assert.Equal(TimeSpan.Zero, settings.ReconnectDelay);
    }

    [Theory]
    [InlineData("rabbit_quorum_max_memory_length=11")]
    [InlineData("rabbit_quroum_max_memory_length=11")]
    public void Resolve_QuorumMemoryLength_AcceptsOslosTypoAndTheCorrectSpelling(string query)
    {
        Assert.Equal(11, Resolve("rabbit://h/?" + query).QuorumMaxMemoryLength);
    }

    [Fact]
    public void Resolve_QuorumMemoryBytesCorrectSpelling_IsAccepted()
    {
        Assert.Equal(64, Resolve("rabbit://h/?rabbit_quorum_max_memory_bytes=64").QuorumMaxMemoryBytes);
    }

    [Fact]
    public void Resolve_UnknownOption_ThrowsNamingItAndMaskingThePassword()
    {
        var error = Assert.Throws<TransportConfigurationException>(() => Resolve("rabbit://u:secret@h/?rabbit_bogus=1&amqp_durable_queues=1"));

        Assert.Contains("rabbit_bogus", error.Message, StringComparison.Ordinal);
        Assert.Contains("amqp_durable_queues", error.Message, StringComparison.Ordinal); // the list of known options
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amqp_durable_queues=maybe", "amqp_durable_queues", "boolean")]
    [InlineData("rabbit_qos_prefetch_count=x", "rabbit_qos_prefetch_count", "integer")]
    [InlineData("rabbit_qos_prefetch_count=-1", "rabbit_qos_prefetch_count", "between")]
    [InlineData("rabbit_qos_prefetch_count=70000", "rabbit_qos_prefetch_count", "between")]
    [InlineData("kombu_reconnect_delay=5", "kombu_reconnect_delay", "between")]
    [InlineData("rabbit_retry_interval=-2", "rabbit_retry_interval", "seconds")]
    [InlineData("rabbit_transient_queues_ttl=-1", "rabbit_transient_queues_ttl", "between")]
    [InlineData("kombu_failover_strategy=random", "kombu_failover_strategy", "round-robin")]
    [InlineData("rabbit_login_method=RABBIT-CR-DEMO", "rabbit_login_method", "not supported")]
    [InlineData("rabbit_login_method=EXTERNAL", "rabbit_login_method", "ssl is off; ssl_cert_file is not set")]
    [InlineData("rabbit_login_method=EXTERNAL&ssl=true", "rabbit_login_method", "ssl_cert_file is not set")]
    [InlineData("publisher_channel_pool_size=8", "publisher_channel_pool_size", "Unknown")]
    [InlineData("heartbeat_timeout_threshold=-1", "heartbeat_timeout_threshold", "between")]
    [InlineData("ssl_version=TLSv1", "ssl_version", "obsolete")]
    [InlineData("ssl_version=TLSv9", "ssl_version", "expected")]
    [InlineData("kombu_compression=bz2", "kombu_compression", "not a kombu codec")]
    [InlineData("kombu_compression=bzip2", "kombu_compression", "only gzip/zlib")]
    [InlineData("kombu_compression=lzma", "kombu_compression", "only gzip/zlib")]
    [InlineData("kombu_compression=snappy", "kombu_compression", "expected gzip or zlib")]
    [InlineData("rabbit_transient_quorum_queue=1&rabbit_ha_queues=1", "rabbit_transient_quorum_queue and rabbit_ha_queues", "cannot both")]
    [InlineData("rabbit_stream_fanout=1", "rabbit_stream_fanout", "needs rabbit_transient_quorum_queue")]
    [InlineData("rabbit_stream_fanout=1&rabbit_transient_quorum_queue=1&rabbit_qos_prefetch_count=0", "rabbit_stream_fanout", "prefetch")]
    [InlineData("use_queue_manager=1&processname=" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "processname", "1 to 100 bytes")]
    [InlineData("kombu_reconnect_splay=1", "kombu_reconnect_splay", "Unknown")]
    [InlineData("rabbit_quorum_queue=1&rabbit_ha_queues=1", "rabbit_ha_queues", "cannot both")]
    [InlineData("ssl_key_file=/k.pem", "ssl_key_file", "ssl_cert_file")]
    public void Resolve_InvalidValue_ThrowsWithOptionAndReason(string query, string option, string reason)
    {
        var error = Assert.Throws<TransportConfigurationException>(() => Resolve("rabbit://h/?" + query));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ExternalWithSslAndClientCertificate_IsAccepted()
    {
        var settings = Resolve("rabbit://h/?rabbit_login_method=external&ssl=1&ssl_cert_file=/c.pem&ssl_key_file=/k.pem");

        Assert.Equal(RabbitMqLoginMethod.External, settings.LoginMethod);
    }

    [Fact]
    public void Resolve_InsecureOptOutWithCaFile_ThrowsAsContradiction()
    {
        var error = Assert.Throws<TransportConfigurationException>(() =>
            Resolve("rabbit://h/?ssl=1&ssl_ca_file=/ca.pem", new RabbitMqOptions { SslInsecureAcceptAnyCertificate = true }));

        Assert.Contains("SslInsecureAcceptAnyCertificate and ssl_ca_file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_InsecureOptOut_HasNoUrlOption()
    {
        var error = Assert.Throws<TransportConfigurationException>(() => Resolve("rabbit://h/?ssl=1&ssl_insecure_accept_any_certificate=1"));

        Assert.Contains("Unknown RabbitMQ transport option", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_InvalidOptionsObject_ThrowsWithOslosName()
    {
        var error = Assert.Throws<TransportConfigurationException>(() => Resolve("rabbit://h/", new RabbitMqOptions { QosPrefetchCount = -3 }));

        Assert.Contains("rabbit_qos_prefetch_count", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("heartbeat_in_pthread=true")]
    [InlineData("conn_pool_min_size=2")]
    [InlineData("conn_pool_ttl=1200")]
    [InlineData("rpc_conn_pool_size=4")]
    [InlineData("ssl_enforce_fips_mode=false")]
    [InlineData("ssl_version=TLSv1_2")]
    [InlineData("ssl_version=SSLv23")]
    [InlineData("ssl=1&ssl_enforce_hostname_verification=yes")]
    public void Resolve_CompatibilityOptions_AreAccepted(string query)
    {
        var settings = Resolve("rabbit://h/?" + query);

        Assert.NotNull(settings);
    }

    [Fact]
    public async Task CreateAsync_UnknownOption_ThrowsTransportConfigurationException()
    {
        var options = new TransportOptions().UseRabbitMq();

        var error = await Assert.ThrowsAsync<TransportConfigurationException>(
            () => Transport.CreateAsync("rabbit://guest:guest@localhost:1/?no_such_option=1", options));

        Assert.Contains("no_such_option", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_KombuScheme_UsesTheRabbitDriverWithoutConnecting()
    {
        var options = new TransportOptions().UseRabbitMq().UseRabbitMq();

        await using var transport = await Transport.CreateAsync("kombu://guest:guest@localhost:1/", options);

        Assert.Single(options.Drivers, d => d is RabbitMqDriverFactory);
        Assert.IsType<RabbitMqTransportDriver>(transport.Driver);
    }

    [Fact]
    public async Task CreateAsync_OptionsChangedAfterTheFactoryWasMade_AreNotSeen()
    {
        var rabbit = new RabbitMqOptions { QosPrefetchCount = 5, MaxMessageSize = 4096 };
        var options = new TransportOptions().UseRabbitMq(rabbit);

        rabbit.QosPrefetchCount = 7;
        rabbit.MaxMessageSize = 8192;
        await using var transport = await Transport.CreateAsync("rabbit://guest:guest@localhost:1/", options);

        var settings = Assert.IsType<RabbitMqTransportDriver>(transport.Driver).Settings;
        Assert.Equal(5, settings.QosPrefetchCount);
        Assert.Equal(4096, settings.MaxMessageSize);
    }

    [Theory]
    [InlineData(1023)]
    [InlineData(512 * 1024 * 1024 + 1)]
    public void Resolve_MaxMessageSizeOutOfRange_Throws(int size)
    {
        var error = Assert.Throws<TransportConfigurationException>(() => Resolve("rabbit://h/", new RabbitMqOptions { MaxMessageSize = size }));

        Assert.Contains("MaxMessageSize", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1, 64)]
    [InlineData(null, 64, 128)]
    [InlineData(null, 100_000, 65_535)]
    [InlineData(0, 64, 0)]
    [InlineData(10, 64, 10)]
    public void PrefetchFor_IsTheOptionOrTwiceTheConcurrency(int? option, int concurrency, int expected)
    {
        var settings = Resolve("rabbit://h/", new RabbitMqOptions { QosPrefetchCount = option });

        Assert.Equal(expected, settings.PrefetchFor(concurrency));
    }
}
