using Microsoft.Extensions.Configuration;
using Oslo.Messaging.Configuration.Tests.Support;

namespace Oslo.Messaging.Configuration.Tests;

/// <summary>The keys the provider gives an <see cref="IConfiguration"/>, whatever reads them (the hosting package binds them).</summary>
public sealed class OsloConfigurationProviderTests : IDisposable
{
    private readonly ConfigFiles _files = new();

    [Fact]
    public void Keys_AreSectionColonOptionAsInTheFile()
    {
        var configuration = ConfigFiles.Build(_files.Write("a.conf", OsloConfigParityTests.EveryOption));

        Assert.Equal("rabbit://nova:s3cret@ctl1:5672,nova:s3cret@ctl2:5672/nova", configuration["DEFAULT:transport_url"]);
        Assert.Equal("30", configuration["oslo_messaging_rabbit:heartbeat_timeout_threshold"]);
        Assert.Equal("log", configuration["oslo_messaging_notifications:driver"]);
        Assert.Equal(["messagingv2", "log"], Array(configuration, "oslo_messaging_notifications:driver"));
    }

    [Fact]
    public void SeveralFiles_LaterWins_RepeatedOptionCollectsFromAll()
    {
        var first = _files.Write("first.conf", "[DEFAULT]\ncontrol_exchange = nova\nrpc_response_timeout = 30\n[oslo_messaging_notifications]\ndriver = messaging\n");
        var second = _files.Write("second.conf", "[DEFAULT]\ncontrol_exchange = heat\n[oslo_messaging_notifications]\ndriver = log\n");

        var configuration = ConfigFiles.Build(first, second);

        Assert.Equal("heat", configuration["DEFAULT:control_exchange"]);
        Assert.Equal("30", configuration["DEFAULT:rpc_response_timeout"]);
        Assert.Equal(["messaging", "log"], Array(configuration, "oslo_messaging_notifications:driver"));
        var source = Assert.IsType<OsloConfigurationSource>(Assert.Single(new ConfigurationBuilder().AddOsloConfigFile(first).AddOsloConfigFile(second).Sources));
        Assert.Equal([first, second], source.Files.Select(f => f.Path));
    }

    [Fact]
    public void ConfigurationManager_SecondFileAdded_IsSeen()
    {
        // A ConfigurationManager (Host.CreateApplicationBuilder's) builds a provider as soon as a source is added.
        using var manager = new ConfigurationManager();
        manager.AddOsloConfigFile(_files.Write("first.conf", "[DEFAULT]\ncontrol_exchange = nova\n"));
        manager.AddOsloConfigFile(_files.Write("second.conf", "[DEFAULT]\ncontrol_exchange = heat\n"));

        Assert.Equal("heat", manager["DEFAULT:control_exchange"]);
        Assert.Equal("heat", OsloMessagingSettings.FromConfiguration(manager).ControlExchange);
    }

    [Fact]
    public void SourceBetweenFiles_WinsOverEarlierFileOnly()
    {
        var configuration = new ConfigurationBuilder()
            .AddOsloConfigFile(_files.Write("first.conf", "[DEFAULT]\ncontrol_exchange = nova\nrpc_response_timeout = 30\n"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DEFAULT:rpc_response_timeout"] = "45", ["DEFAULT:control_exchange"] = "memory" })
            .AddOsloConfigFile(_files.Write("second.conf", "[DEFAULT]\ncontrol_exchange = heat\n"))
            .Build();

        var settings = OsloMessagingSettings.FromConfiguration(configuration);

        Assert.Equal("heat", settings.ControlExchange);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.RpcResponseTimeout);
    }

    [Fact]
    public void MissingFile_NotOptional_FailsNamingIt_Optional_Skipped()
    {
        var missing = Path.Combine(Path.GetTempPath(), "oslo-no-such-" + Guid.NewGuid().ToString("N") + ".conf");

        var ex = Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddOsloConfigFile(missing).Build());
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Null(new ConfigurationBuilder().AddOsloConfigFile(missing, optional: true).Build()["DEFAULT:transport_url"]);
    }

    [Fact]
    public void MultiLineValue_JoinedWithNewline_CommentAfterValueKept()
    {
        var configuration = ConfigFiles.Build(_files.Write("a.conf", "[x]\nlong = first\n  second\n\tthird\n\nafter = v # not a comment\n"));

        Assert.Equal("first\nsecond\nthird", configuration["x:long"]);
        Assert.Equal("v # not a comment", configuration["x:after"]);
    }

    [Fact]
    public void DefaultSectionInOtherCase_LeftOut_OtherSectionsCaseInsensitive()
    {
        var configuration = ConfigFiles.Build(_files.Write("a.conf", "[default]\ncontrol_exchange = wrong\n[Oslo_Messaging_Rabbit]\nssl = true\n"));

        Assert.Null(configuration["DEFAULT:control_exchange"]);
        Assert.Equal("true", configuration["oslo_messaging_rabbit:ssl"]);
    }

    [Fact]
    public void MalformedLine_ErrorMasksPasswordInTheLine()
    {
        var path = _files.Write("a.conf", "   rabbit://nova:topsecret@ctl1:5672/\n");

        var ex = Assert.Throws<InvalidDataException>(() => ConfigFiles.Build(path));

        Assert.DoesNotContain("topsecret", ex.Message, StringComparison.Ordinal);
        Assert.Contains("rabbit://nova:****@ctl1:5672/", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    /// <summary>A configuration array's items in index order (what a binder would make of it).</summary>
    private static string[] Array(IConfiguration configuration, string key) =>
        [.. configuration.GetSection(key).GetChildren().OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(c => c.Value ?? "")];
}
