using System.Text.Json;
using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.Cli;

/// <summary><c>oslomsg notify</c> to a Python oslo.messaging 14.0.3 listener, and a Python Notifier to <c>oslomsg listen</c>.</summary>
[Trait("Category", "Integration")]
public sealed class CliNotificationInteropTests
{
    [Fact]
    public async Task Notify_PythonListenerReceives()
    {
        var topic = InteropEnvironment.Unique("cli_notify");
        await using var python = await PythonNotifications.ListenAsync(topic, count: 1, osloPath: null);
        var cli = new CliRun();

        var code = await cli.RunAsync("notify", "--url", InteropEnvironment.RabbitUrl, "--topic", topic, "--publisher-id", "cli.host",
            "--priority", "critical", "--context", "user_id=alice", "disk.full", "percent=99");

        Assert.True(code == 0, $"exit {code}; {cli}");
        var line = await python.NextAsync(CliRun.Patience);
        Assert.Equal(("critical", "cli.host", "disk.full"),
            (line.GetProperty("priority").GetString(), line.GetProperty("publisher_id").GetString(), line.GetProperty("event_type").GetString()));
        Assert.Equal(99, line.GetProperty("payload").GetProperty("percent").GetInt32());
        Assert.Equal("alice", line.GetProperty("ctxt").GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task PythonNotifier_ListenPrintsIt()
    {
        var topic = InteropEnvironment.Unique("cli_listen");
        var cli = new CliRun();
        using var stop = new CancellationTokenSource();
        var listen = cli.StartAsync(stop.Token, "listen", "--url", InteropEnvironment.RabbitUrl, "--topic", topic);
        await cli.Error.WaitForLineAsync("READY").WaitAsync(CliRun.Patience);

        await PythonNotifications.NotifyAsync(topic, "compute.host1", "messagingv2", new { user_id = "alice", auth_token = "s3cret" },
            [new { priority = "info", event_type = "compute.instance.create.end", payload = new { uuid = "u-1" } }], osloPath: null);
        await cli.Out.WaitForLineAsync(l => l.Contains("compute.instance.create.end", StringComparison.Ordinal)).WaitAsync(CliRun.Patience);
        await stop.CancelAsync();

        Assert.Equal(0, await listen.WaitAsync(CliRun.Patience));
        var line = JsonElement.Parse(Assert.Single(cli.Out.Lines));
        Assert.Equal(("info", "compute.host1"), (line.GetProperty("priority").GetString(), line.GetProperty("publisher_id").GetString()));
        Assert.Equal("u-1", line.GetProperty("payload").GetProperty("uuid").GetString());
        Assert.Equal("alice", line.GetProperty("context").GetProperty("user_id").GetString());
        Assert.False(line.GetProperty("context").TryGetProperty("auth_token", out _));
    }
}
