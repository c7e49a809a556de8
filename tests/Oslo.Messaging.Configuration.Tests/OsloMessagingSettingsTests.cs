using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Configuration.Tests.Support;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Notify;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Configuration.Tests;

public sealed class OsloMessagingSettingsTests : IDisposable
{
    private readonly ConfigFiles _files = new();

    [Fact]
    public void ApplyTo_EveryOptionsType_TakesTheFilesValues()
    {
        var settings = OsloMessagingSettings.FromConfiguration(ConfigFiles.Build(_files.Write("a.conf", OsloConfigParityTests.EveryOption)));

        var transport = settings.ApplyTo(new TransportOptions());
        Assert.Equal("nova", transport.ControlExchange);
        Assert.Contains(transport.Drivers, d => d is RabbitMqDriverFactory);
        Assert.Equal(TimeSpan.FromSeconds(120), settings.ApplyTo(new RpcClientOptions()).Timeout);
        var server = settings.ApplyTo(new RpcServerOptions());
        Assert.Equal(16, server.Executor.MaxConcurrency);
        Assert.True(server.PingEnabled);
        var notifier = settings.ApplyTo(new NotifierOptions());
        Assert.Equal([NotificationDriver.MessagingV2, NotificationDriver.Log], notifier.Drivers);
        Assert.Equal(["notifications", "audit"], notifier.Topics);
        Assert.Equal(3, notifier.Retry);
        Assert.Equal("rabbit://notify:pw@ctl3:5672/", settings.EffectiveNotificationTransportUrl);
        var rabbit = settings.ApplyTo(new RabbitMqOptions { MaxMessageSize = 4096 });
        Assert.Equal(TimeSpan.FromSeconds(30), rabbit.HeartbeatTimeoutThreshold);
        Assert.Equal(RabbitMqLoginMethod.Plain, rabbit.LoginMethod);
        Assert.Equal(4096, rabbit.MaxMessageSize); // what oslo files cannot say is kept
    }

    [Fact]
    public void NothingSet_ApplyTo_KeepsTheDefaults()
    {
        var settings = OsloMessagingSettings.FromConfiguration(new ConfigurationBuilder().Build());

        var client = new RpcClientOptions();
        var notifier = new NotifierOptions();
        var server = new RpcServerOptions();
        Assert.Equal(client, settings.ApplyTo(client));
        var applied = settings.ApplyTo(notifier);
        Assert.Equal([NotificationDriver.Noop], applied.Drivers); // oslo: no driver = notifications off
        Assert.Same(notifier.Topics, applied.Topics);
        Assert.Equal(notifier.Retry, applied.Retry);
        Assert.Equal(server, settings.ApplyTo(server));
        Assert.Equal(new RabbitMqOptions().HeartbeatTimeoutThreshold, settings.ApplyTo(new RabbitMqOptions()).HeartbeatTimeoutThreshold);
        Assert.Null(settings.TransportUrl);
        Assert.Equal("", settings.ToString());
    }

    [Fact]
    public void NotificationDriversEmpty_NotificationsOff()
    {
        var path = _files.Write("a.conf", "[oslo_messaging_notifications]\ndriver =\n");

        var notifier = OsloMessagingSettings.FromConfiguration(ConfigFiles.Build(path)).ApplyTo(new NotifierOptions());

        // oslo: an empty driver loads no driver, so notifications are off; here that is the noop driver.
        Assert.Equal([NotificationDriver.Noop], notifier.Drivers);
    }

    [Fact]
    public void NewerOsloSpelling_QuorumMaxMemory_Read()
    {
        var path = _files.Write("a.conf", "[oslo_messaging_rabbit]\nrabbit_quorum_max_memory_length = 7\nrabbit_quorum_max_memory_bytes = 8\n");

        var rabbit = OsloMessagingSettings.FromConfiguration(ConfigFiles.Build(path)).ApplyTo(new RabbitMqOptions());

        Assert.Equal(7, rabbit.QuorumMaxMemoryLength);
        Assert.Equal(8, rabbit.QuorumMaxMemoryBytes);
    }

    [Fact]
    public void UnknownOptions_WarnedWithFileAndLine_DefaultSectionNotReported()
    {
        var path = _files.Write("a.conf", """
            [DEFAULT]
            debug = true
            [oslo_messaging_rabbit]
            rabbit_stream_fanout_max_age = 60
            Heartbeat_Rate = 9
            heartbeat_in_pthread = true
            [oslo_messaging_notifications]
            topic = typo
            [default]
            x = 1
            """);
        var logs = new CapturingLoggerFactory();

        var settings = OsloMessagingSettings.FromConfiguration(ConfigFiles.Build(path), logs.CreateLogger("config"));

        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("rabbit_stream_fanout_max_age in [oslo_messaging_rabbit]", StringComparison.Ordinal) && w.Contains($"{path} line 4", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("Heartbeat_Rate", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("topic in [oslo_messaging_notifications]", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("[default]", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains("debug", StringComparison.Ordinal) || w.Contains("heartbeat_in_pthread", StringComparison.Ordinal));
        Assert.Equal(new RabbitMqOptions().HeartbeatRate, settings.ApplyTo(new RabbitMqOptions()).HeartbeatRate);
    }

    [Fact]
    public void Secrets_NeverInToStringLogsOrErrors()
    {
        var path = _files.Write("a.conf", "[DEFAULT]\ntransport_url = rabbit://nova:topsecret@ctl1:5672/\n[oslo_messaging_notifications]\ntransport_url = rabbit://n:alsosecret@ctl2/\n");
        var logs = new CapturingLoggerFactory();

        var settings = OsloMessagingSettings.FromConfiguration(ConfigFiles.Build(path), logs.CreateLogger("config"));

        Assert.Contains("rabbit://nova:****@ctl1:5672/", settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("secret", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("****", StringComparison.Ordinal)); // the debug summary was written
    }

    [Fact]
    public void BadValueFromAnotherSource_ErrorNamesTheKeyAndSource()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DEFAULT:rpc_response_timeout"] = "soon" })
            .Build();

        var ex = Assert.Throws<TransportConfigurationException>(() => OsloMessagingSettings.FromConfiguration(configuration));

        Assert.Equal("Invalid value 'soon' for configuration key DEFAULT:rpc_response_timeout (from MemoryConfigurationProvider): expected an integer", ex.Message);
    }

    [Fact]
    public void UnsupportedButValidOsloValues_RefusedWithTheReason()
    {
        var path = _files.Write("a.conf", "[oslo_messaging_rabbit]\nkombu_compression = bzip2\n");

        var ex = Assert.Throws<TransportConfigurationException>(() => OsloMessagingSettings.FromConfiguration(ConfigFiles.Build(path)));

        Assert.Equal($"Invalid value 'bzip2' for option kombu_compression in [oslo_messaging_rabbit] of {path} line 2: the .NET driver writes only gzip/zlib (kombu's zlib stream, which every kombu reads)", ex.Message);
    }

    public void Dispose() => _files.Dispose();
}
