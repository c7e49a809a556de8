using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Cli.Tests.Support;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Cli.Tests.Commands;

public sealed class NotificationCommandTests
{
    private const string Topic = "cli-notifications";

    [Fact]
    public async Task Notify_OneNotification_ListenerReceivesItAndSentPrinted()
    {
        await using var cli = new CliHarness();
        var transport = await cli.CreateTransportAsync();
        var received = Channel.CreateUnbounded<(string? Publisher, string? EventType, JsonElement Payload, RequestContext Context)>();
        await using var listener = new NotificationListener(transport, [new Target(Topic)], [new WarnEndpoint(received)]);
        await listener.StartAsync();

        var code = await cli.RunAsync("notify", "--url", "memory://", "--topic", Topic, "--publisher-id", "cli.host", "--priority", "warning",
            "--context", "user_id=alice", "--context", "auth_token=secret", "compute.instance.update", "id=7", "name=web-1");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["sent"], cli.Out.Lines);
        var got = await received.Reader.ReadAsync().AsTask().WaitAsync(CliHarness.Patience);
        Assert.Equal(("cli.host", "compute.instance.update"), (got.Publisher, got.EventType));
        Assert.Equal("{\"id\":7,\"name\":\"web-1\"}", got.Payload.GetRawText());
        Assert.Equal("alice", got.Context.UserId);
        Assert.False(got.Context.ContainsKey("auth_token"));
    }

    [Fact]
    public async Task Listen_Default_PrintsJsonLinesThroughTemporaryPoolLeavingTheSharedQueueAlone()
    {
        await using var cli = new CliHarness();
        var notifier = new Notifier(await cli.CreateTransportAsync(), new NotifierOptions { PublisherId = "nova.host", Topics = [Topic] });
        using var stop = new CancellationTokenSource();
        var listen = cli.RunAsync(stop.Token, "listen", "--url", "memory://", "--topic", Topic);
        await cli.Error.WaitForLineAsync(ListenCommandReady).WaitAsync(CliHarness.Patience);

        await notifier.InfoAsync(new RequestContext { UserId = "alice" }, "compute.instance.create.end", new { uuid = "u-1" });
        await cli.Out.WaitForLineAsync(l => l.Contains("compute.instance.create.end", StringComparison.Ordinal)).WaitAsync(CliHarness.Patience);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await listen);
        var line = JsonElement.Parse(Assert.Single(cli.Out.Lines));
        Assert.Equal(("info", "nova.host", "compute.instance.create.end"),
            (line.GetProperty("priority").GetString(), line.GetProperty("publisher_id").GetString(), line.GetProperty("event_type").GetString()));
        Assert.Equal("u-1", line.GetProperty("payload").GetProperty("uuid").GetString());
        Assert.Equal("alice", line.GetProperty("context").GetProperty("user_id").GetString());
        Assert.Matches("^[0-9a-f-]{36}$", line.GetProperty("message_id").GetString());
        Assert.Equal(JsonValueKind.String, line.GetProperty("timestamp").ValueKind);

        // The cloud's own (pool-less) consumers still get their copy: listen did not take it from the shared queue.
        var received = Channel.CreateUnbounded<(string?, string?, JsonElement, RequestContext)>();
        await using var cloud = new NotificationListener(await cli.CreateTransportAsync(), [new Target(Topic)], [new InfoEndpoint(received)]);
        await cloud.StartAsync();
        var (_, eventType, _, _) = await received.Reader.ReadAsync().AsTask().WaitAsync(CliHarness.Patience);
        Assert.Equal("compute.instance.create.end", eventType);
    }

    [Fact]
    public async Task Listen_PriorityAndEventTypeFilter_PrettyFormat_PrintsOnlyMatching()
    {
        await using var cli = new CliHarness();
        var notifier = new Notifier(await cli.CreateTransportAsync(), new NotifierOptions { PublisherId = "p", Topics = [Topic] });
        using var stop = new CancellationTokenSource();
        var listen = cli.RunAsync(stop.Token, "listen", "--url", "memory://", "--topic", Topic, "--priority", "error", "--event-type", "compute\\.",
            "--format", "pretty", "--pool", "cli-pool");
        await cli.Error.WaitForLineAsync(ListenCommandReady).WaitAsync(CliHarness.Patience);

        await notifier.InfoAsync(null, "compute.info.skipped", null);
        await notifier.ErrorAsync(null, "network.error.skipped", null);
        await notifier.ErrorAsync(null, "compute.error.shown", new { code = 1 });
        await cli.Out.WaitForLineAsync(l => l.Contains("compute.error.shown", StringComparison.Ordinal)).WaitAsync(CliHarness.Patience);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await listen);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})? ERROR p compute\.error\.shown \{""code"":1\}$", Assert.Single(cli.Out.Lines));
    }

    [Fact]
    public async Task Listen_PoolAndSharedQueues_UsageError()
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync("listen", "--url", "memory://", "--pool", "p", "--shared-queues");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--pool and --shared-queues exclude each other", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_NotATerminal_PeriodicCountLinesOnStderr_FinalCount_StdoutOnlyNotifications()
    {
        await using var cli = new CliHarness();
        var notifier = new Notifier(await cli.CreateTransportAsync(), new NotifierOptions { PublisherId = "nova.host", Topics = [Topic] });
        using var stop = new CancellationTokenSource();
        var listen = cli.RunAsync(stop.Token, "listen", "--url", "memory://", "--topic", Topic);
        await cli.Error.WaitForLineAsync(ListenCommandReady).WaitAsync(CliHarness.Patience);

        await notifier.InfoAsync(new RequestContext(), "a.one", null);
        await cli.Error.WaitForLineAsync("1 notification received").WaitAsync(CliHarness.Patience);
        await notifier.InfoAsync(new RequestContext(), "a.two", null);
        await cli.Error.WaitForLineAsync("2 notifications received").WaitAsync(CliHarness.Patience);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await listen);
        Assert.Equal(2, cli.Out.Lines.Length);
        Assert.Equal("2 notifications received", cli.Error.Lines[^1]);
        // A line only when the count moved: one per count, plus the final one.
        Assert.Equal(["1 notification received", "2 notifications received", "2 notifications received"],
            cli.Error.Lines.Where(l => l.EndsWith("received", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Listen_Quiet_NoCountOnStderr()
    {
        await using var cli = new CliHarness();
        var notifier = new Notifier(await cli.CreateTransportAsync(), new NotifierOptions { Topics = [Topic] });
        using var stop = new CancellationTokenSource();
        var listen = cli.RunAsync(stop.Token, "listen", "--url", "memory://", "--topic", Topic, "--quiet");
        await cli.Error.WaitForLineAsync(ListenCommandReady).WaitAsync(CliHarness.Patience);

        await notifier.InfoAsync(new RequestContext(), "a.one", null);
        await cli.Out.WaitForLineAsync(l => l.Contains("a.one", StringComparison.Ordinal)).WaitAsync(CliHarness.Patience);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await listen);
        Assert.DoesNotContain("received", cli.Error.Text, StringComparison.Ordinal);
    }

    private const string ListenCommandReady = "READY";

    private sealed class InfoEndpoint(Channel<(string?, string?, JsonElement, RequestContext)> received)
    {
        public void Info(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => received.Writer.TryWrite((p, e, payload.Clone(), c));
    }

    private sealed class WarnEndpoint(Channel<(string?, string?, JsonElement, RequestContext)> received)
    {
        public void Warn(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => received.Writer.TryWrite((p, e, payload.Clone(), c));
    }
}
