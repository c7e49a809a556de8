using Oslo.Messaging.Configuration.Tests.Support;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Configuration.Tests;

/// <summary>
/// The same files read by Python's oslo.config (with the options oslo.messaging 14 registers) and by this library give
/// the same value for every supported option, and the same options count as set; files oslo refuses are refused here.
/// </summary>
public sealed class OsloConfigParityTests : IDisposable
{
    /// <summary>Every supported option set, in plain form.</summary>
    internal const string EveryOption = """
        [DEFAULT]
        transport_url = rabbit://nova:s3cret@ctl1:5672,nova:s3cret@ctl2:5672/nova
        control_exchange = nova
        rpc_response_timeout = 120
        executor_thread_pool_size = 16
        rpc_ping_enabled = yes

        [oslo_messaging_rabbit]
        amqp_durable_queues = true
        amqp_auto_delete = On
        rabbit_quorum_queue = false
        rabbit_quorum_delivery_limit = 5
        rabbit_quroum_max_memory_length = 100
        rabbit_quroum_max_memory_bytes = 1048576
        rabbit_ha_queues = 0
        rabbit_transient_queues_ttl = 600
        rabbit_qos_prefetch_count = 10
        heartbeat_timeout_threshold = 30
        heartbeat_rate = 4
        rabbit_retry_interval = 3
        rabbit_retry_backoff = 5
        rabbit_interval_max = 20
        kombu_reconnect_delay = 2.5
        kombu_missing_consumer_retry_timeout = 45
        kombu_failover_strategy = shuffle
        rabbit_login_method = PLAIN
        ssl = True
        ssl_version = TLSv1_2
        ssl_key_file = /etc/pki/client.key
        ssl_cert_file = /etc/pki/client.pem
        ssl_ca_file = /etc/pki/ca.pem
        ssl_enforce_hostname_verification = false
        direct_mandatory_flag = off
        enable_cancel_on_failover = yes

        [oslo_messaging_notifications]
        driver = messagingv2
        driver = log
        topics = notifications, audit ,
        transport_url = rabbit://notify:pw@ctl3:5672/
        retry = 3
        """;

    /// <summary>The INI cases where oslo.config's dialect differs from a generic INI reader, read after <see cref="EveryOption"/>.</summary>
    internal const string Tricky = """
        # a comment
        ; another comment
        [DEFAULT]
        control_exchange: "heat"
        rpc_response_timeout =   +90
        transport_url = 'rabbit://a:b=c@h:5672/?ssl=1'
        # deprecated name, in a later file: wins over executor_thread_pool_size of the earlier file, as in oslo
        rpc_thread_pool_size = 8
        rpc_ping_enabled = OFF

        [default]
        rpc_response_timeout = 1

        [Oslo_Messaging_Rabbit]
        rabbit_use_ssl = false
        kombu_ssl_ca_certs = /tmp/other-ca.pem
        heartbeat_timeout_threshold = 15
        heartbeat_timeout_threshold = 25
        ssl_version = TLSv1_3 # not a comment
        Heartbeat_Rate = 9
        ssl_cert_file = /first/line
            /second/line
        	/third/line
        kombu_reconnect_delay = 1e0
        rabbit_login_method = ''
        rabbit_login_method = "EXTERNAL"

        [oslo_messaging_notifications]
        driver = noop
        topics =
        """;

    private readonly ConfigFiles _files = new();

    [PythonFact]
    public async Task EveryOption_SameValuesAsOsloConfig() => await AssertSameAsOsloAsync(_files.Write("every.conf", EveryOption));

    [PythonFact]
    public async Task TrickyFileAfterEveryOption_SameValuesAsOsloConfig() =>
        await AssertSameAsOsloAsync(_files.Write("every.conf", EveryOption), _files.Write("tricky.conf", Tricky));

    [PythonFact]
    public async Task TrickyFileAlone_SameValuesAsOsloConfig() => await AssertSameAsOsloAsync(_files.Write("tricky.conf", Tricky));

    [PythonFact]
    public async Task DeprecatedNamesInOneFile_CurrentNameWinsAsInOslo() => await AssertSameAsOsloAsync(_files.Write("both.conf", """
        [DEFAULT]
        rpc_thread_pool_size = 8
        executor_thread_pool_size = 12
        notification_driver = messaging
        notification_topics = old
        amqp_auto_delete = true
        [oslo_messaging_rabbit]
        rabbit_use_ssl = true
        kombu_reconnect_timeout = 9
        [oslo_messaging_notifications]
        driver = log
        """));

    [PythonFact]
    public async Task EmptyFile_NothingSet() => await AssertSameAsOsloAsync(_files.Write("empty.conf", "# nothing\n"));

    [Theory]
    [InlineData("[DEFAULT]\nrpc_response_timeout = abc\n", "rpc_response_timeout")]
    [InlineData("[DEFAULT]\nexecutor_thread_pool_size = 1.5\n", "executor_thread_pool_size")]
    [InlineData("[DEFAULT]\nrpc_ping_enabled = maybe\n", "rpc_ping_enabled")]
    [InlineData("[oslo_messaging_rabbit]\nkombu_reconnect_delay = 5\n", "kombu_reconnect_delay")]
    [InlineData("[oslo_messaging_rabbit]\nkombu_failover_strategy = Shuffle\n", "kombu_failover_strategy")]
    // rabbit_transient_queues_ttl = 0: refused by oslo 14.0.3 (min 1), allowed by 18.x (no x-expires) and by this library.
    [InlineData("[oslo_messaging_rabbit]\nssl = maybe\n", "ssl")]
    [InlineData("[oslo_messaging_rabbit]\nrabbit_login_method = amqplain\n", "rabbit_login_method")]
    [InlineData("[oslo_messaging_notifications]\nretry = never\n", "retry")]
    public async Task BadValue_RefusedByBoth_ErrorNamesOptionSectionAndFile(string text, string option)
    {
        var path = _files.Write("bad.conf", text);
        if (PythonOsloConfig.MissingReason is null)
        {
            var (values, error) = await PythonOsloConfig.ReadAsync(path);
            Assert.True(error is not null || values.Values.Any(v => v.GetProperty("error").GetString() is not null),
                "oslo.config accepted what this library refuses");
        }

        var ex = Assert.Throws<TransportConfigurationException>(() => OsloMessagingSettings.FromConfiguration(ConfigFiles.Build(path)));
        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  indented = first\n[DEFAULT]\n", "line 1: Unexpected continuation line")]
    [InlineData("[DEFAULT]\njust words\n", "line 2: No ':' or '=' found in assignment")]
    [InlineData("transport_url = rabbit://u:pw@h/\n", "line 1: Section must be started before assignment")]
    [InlineData("[DEFAULT\n", "line 1: Invalid section (must end with ])")]
    [InlineData("[]\n", "line 1: Empty section name")]
    [InlineData("[DEFAULT]\n= value\n", "line 2: Key cannot be empty")]
    public async Task MalformedFile_RefusedByBoth_ErrorNamesFileAndLine(string text, string expected)
    {
        var path = _files.Write("malformed.conf", text);
        if (PythonOsloConfig.MissingReason is null)
        {
            var (_, error) = await PythonOsloConfig.ReadAsync(path);
            Assert.NotNull(error);
        }

        var ex = Assert.Throws<InvalidDataException>(() => ConfigFiles.Build(path));
        Assert.Equal($"oslo config file {path}, {expected}", ex.Message.Split(": '")[0]);
    }

    private static async Task AssertSameAsOsloAsync(params string[] paths)
    {
        var (python, error) = await PythonOsloConfig.ReadAsync(paths);
        Assert.Null(error);
        var ours = SupportedOptions.Of(OsloMessagingSettings.FromConfiguration(ConfigFiles.Build(paths)));
        var differences = new List<string>();
        foreach (var key in SupportedOptions.Keys)
        {
            var reference = python[key];
            Assert.True(reference.GetProperty("error").GetString() is null, $"oslo.config refused {key}: {reference.GetProperty("error")}");
            var pythonSet = reference.GetProperty("set").GetBoolean();
            var pythonValue = pythonSet ? SupportedOptions.Canonical(reference.GetProperty("value")) : "(not set)";
            var ourValue = ours.GetValueOrDefault(key, "(not set)");
            if (pythonValue != ourValue)
            {
                differences.Add($"{key}: oslo.config {pythonValue}, this library {ourValue}");
            }
        }

        Assert.True(differences.Count == 0, "Differences from oslo.config:\n" + string.Join("\n", differences));
    }

    public void Dispose() => _files.Dispose();
}
