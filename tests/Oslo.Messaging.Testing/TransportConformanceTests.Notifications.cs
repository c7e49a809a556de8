using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Testing;

/// <summary>Notifications: <see cref="Notifier"/> to <see cref="NotificationListener"/>, pools, filters, requeue,
/// acknowledgement after processing.</summary>
public abstract partial class TransportConformanceTests
{
    /// <summary>Creates and starts a notification listener that the test owns.</summary>
    protected async Task<NotificationListener> StartListenerAsync(Transport transport, IEnumerable<Target> targets, IEnumerable<object> endpoints,
        NotificationListenerOptions? options = null)
    {
        var listener = Own(new NotificationListener(transport, targets, endpoints, options));
        await listener.StartAsync();
        return listener;
    }

    private static RequestContext NotificationContext() => new RequestContext { UserId = "alice", ProjectId = "p1", RequestId = "req-9" }
        .Set("auth_token", "s3cret").Set("tenant_secret_key", "k");

    [Fact]
    public async Task Notifier_ListenerRunning_DeliversFieldsWhitelistedContextAndMetadata()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new RecordingNotificationEndpoint("e");
        await StartListenerAsync(transport, [new Target(topic)], [endpoint]);
        var notifier = new Notifier(transport, new NotifierOptions { PublisherId = "compute.host1", Topics = [topic], ThrowOnSendFailure = true });

        Assert.True(await notifier.InfoAsync(NotificationContext(), "compute.instance.create.end", new { InstanceId = 12, State = "active" }));

        var got = await endpoint.NextAsync(SignalTimeout);
        Assert.Equal(("info", "compute.host1", "compute.instance.create.end"), (got.Priority, got.PublisherId, got.EventType));
        Assert.Equal(12, got.Payload.GetProperty("instance_id").GetInt32());
        Assert.Equal("active", got.Payload.GetProperty("state").GetString());
        Assert.Equal(("alice", "p1", "req-9"), (got.Context.UserId, got.Context.ProjectId, got.Context.RequestId));
        Assert.False(got.Context.ContainsKey("auth_token"));
        Assert.False(got.Context.ContainsKey("tenant_secret_key"));
        Assert.Equal(JsonValueKind.Null, got.Context[RequestContext.ClientTimeoutKey].ValueKind);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", got.Metadata.MessageId);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$", got.Metadata.Timestamp);
    }

    [Theory]
    [InlineData("messagingv2")]
    [InlineData("messaging")]
    public async Task Notifier_NoListenerYet_NotificationKeptUntilListenerStarts(string driver)
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var notifier = new Notifier(transport, new NotifierOptions
        {
            PublisherId = "p",
            Topics = [topic],
            Drivers = [NotificationDriver.FromName(driver)],
            ThrowOnSendFailure = true,
        });
        await notifier.WarningAsync(null, "early.bird", new { n = 1 });

        var endpoint = new RecordingNotificationEndpoint("e");
        await StartListenerAsync(await NewTransportAsync(), [new Target(topic)], [endpoint]);

        var got = await endpoint.NextAsync(SignalTimeout);
        Assert.Equal(("warn", "early.bird", 1), (got.Priority, got.EventType, got.Payload.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task Listener_SubscribesOnlyToHandledPriorities_AndEveryTarget()
    {
        var transport = await NewTransportAsync();
        var (topicA, topicB, exchange) = (NewTopic(), NewTopic(), NewExchange());
        var endpoint = new RecordingNotificationEndpoint("e");
        var listener = await StartListenerAsync(transport, [new Target(topicA), new Target(topicB, exchange: exchange)], [endpoint]);

        Assert.Equal([NotificationPriority.Info, NotificationPriority.Warn, NotificationPriority.Error], listener.Priorities);
        Assert.Contains(new QueueBinding(topicB + ".error", exchange, topicB + ".error"), listener.Bindings);
        Assert.Equal(6, listener.Bindings.Count);

        // A debug notification has no queue of this listener; the info one sent after it is the first to arrive.
        var notifierA = new Notifier(transport, new NotifierOptions { Topics = [topicA], ThrowOnSendFailure = true });
        await notifierA.DebugAsync(null, "not.wanted", null);
        await notifierA.InfoAsync(null, "wanted.a", null);
        Assert.Equal("wanted.a", (await endpoint.NextAsync(SignalTimeout)).EventType);
    }

    [Fact]
    public async Task Listener_SeveralEndpoints_EachCalledInOrderAndFilterSkipsNonMatching()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var log = Channel.CreateUnbounded<ReceivedNotificationRecord>();
        var filtered = new FilteredNotificationEndpoint("compute-only",
            new NotificationFilter(eventType: "compute\\.", payload: new Dictionary<string, string> { ["state"] = "act" }), log);
        var all = new RecordingNotificationEndpoint("all", log);
        await StartListenerAsync(transport, [new Target(topic)], [filtered, all], new NotificationListenerOptions { Executor = RpcExecutor.Blocking });
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        await notifier.InfoAsync(null, "network.port.create", new { state = "active" }); // event type does not match
        await notifier.InfoAsync(null, "compute.instance.create", new { state = 1 }); // payload value not a string
        await notifier.InfoAsync(null, "compute.instance.delete", new { state = "active" }); // matches (from the start)

        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var got = await all.NextAsync(SignalTimeout);
            order.Add($"{got.Endpoint}:{got.EventType}");
        }

        Assert.Equal(["all:network.port.create", "all:compute.instance.create", "compute-only:compute.instance.delete", "all:compute.instance.delete"], order);
    }

    [Fact]
    public async Task Listener_Pools_ShareWithinPoolAndEachPoolGetsCopy()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var (poolA, poolB) = ("pool_a_" + Guid.NewGuid().ToString("N"), "pool_b_" + Guid.NewGuid().ToString("N"));
        var logA = Channel.CreateUnbounded<ReceivedNotificationRecord>();
        var a1 = new RecordingNotificationEndpoint("a1", logA);
        var a2 = new RecordingNotificationEndpoint("a2", logA);
        var b = new RecordingNotificationEndpoint("b");
        var listenerA1 = await StartListenerAsync(await NewTransportAsync(), [new Target(topic)], [a1], new NotificationListenerOptions { Pool = poolA });
        await StartListenerAsync(await NewTransportAsync(), [new Target(topic)], [a2], new NotificationListenerOptions { Pool = poolA });
        await StartListenerAsync(await NewTransportAsync(), [new Target(topic)], [b], new NotificationListenerOptions { Pool = poolB });
        Assert.All(listenerA1.Bindings, binding => Assert.Equal(poolA, binding.Queue));
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        const int count = 10;
        for (var i = 0; i < count; i++)
        {
            await (i % 2 == 0 ? notifier.InfoAsync(null, "e" + i, null) : notifier.ErrorAsync(null, "e" + i, null));
        }

        var inA = new List<ReceivedNotificationRecord>();
        var inB = new List<ReceivedNotificationRecord>();
        for (var i = 0; i < count; i++)
        {
            inA.Add(await a1.NextAsync(SignalTimeout));
            inB.Add(await b.NextAsync(SignalTimeout));
        }

        Assert.Equal(count, inA.Select(r => r.EventType).Distinct().Count());
        Assert.Equal(count, inB.Select(r => r.EventType).Distinct().Count());
        Assert.Contains(inA, r => r.Endpoint == "a1");
        Assert.Contains(inA, r => r.Endpoint == "a2");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Listener_TemporaryPool_QueueGoesWithTheListener(bool temporary)
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var options = new NotificationListenerOptions { Pool = "pool_" + Guid.NewGuid().ToString("N"), TemporaryPool = temporary, Executor = RpcExecutor.Blocking };
        var first = new NotificationListener(transport, [new Target(topic)], [new RecordingNotificationEndpoint("first")], options);
        await first.StartAsync();
        await first.DisposeAsync();
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });
        await notifier.InfoAsync(null, "while.nobody.listens", null);

        var second = new RecordingNotificationEndpoint("second");
        await StartListenerAsync(transport, [new Target(topic)], [second], options);
        await notifier.InfoAsync(null, "after", null);

        // A temporary pool queue was deleted with its listener, so what was sent meanwhile is gone; a shared one kept it.
        Assert.Equal(temporary ? "after" : "while.nobody.listens", (await second.NextAsync(SignalTimeout)).EventType);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task Listener_EndpointAsksRequeueOrThrows_RequeuedOnlyWhenAllowed(bool allowRequeue, bool throws)
    {
        var logs = new CapturingLoggerFactory();
        var transport = await NewTransportAsync(new TransportOptions { LoggerFactory = logs });
        var topic = NewTopic();
        var endpoint = new RecordingNotificationEndpoint("e");
        var calls = 0;
        endpoint.Reply = record => Interlocked.Increment(ref calls) == 1
            ? throws ? throw new InvalidOperationException("endpoint failed") : Task.FromResult(NotificationResult.Requeue)
            : Task.FromResult(NotificationResult.Handled);
        // One at a time: with a pooled executor "final" could be processed before the redelivered "first".
        await StartListenerAsync(transport, [new Target(topic)], [endpoint], new NotificationListenerOptions { AllowRequeue = allowRequeue, Executor = RpcExecutor.Blocking });
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        await notifier.InfoAsync(null, "first", null);
        Assert.Equal("first", (await endpoint.NextAsync(SignalTimeout)).EventType);
        await notifier.InfoAsync(null, "marker", null);
        await notifier.InfoAsync(null, "last", null);

        // The broker may hand a requeued message over before or after those already in flight (prefetch), and even after
        // "final": the listener's reject of "first" travels on its own connection, so on a loaded machine "final" (sent on
        // the notifier's) can reach the queue first. So a requeue is awaited; without one, "final" bounds the wait.
        var seen = new List<string?>();
        async Task ReadUntilAsync(string eventType)
        {
            while (!seen.Contains(eventType))
            {
                seen.Add((await endpoint.NextAsync(SignalTimeout)).EventType);
            }
        }

        await ReadUntilAsync("marker");
        await ReadUntilAsync("last");
        await notifier.InfoAsync(null, "final", null);
        await ReadUntilAsync("final");
        if (allowRequeue)
        {
            await ReadUntilAsync("first"); // the redelivery, if it came after "final"
        }

        Assert.Equal(allowRequeue ? ["final", "first", "last", "marker"] : ["final", "last", "marker"], seen.Order().ToArray());
        if (!allowRequeue)
        {
            await logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("does not allow requeue", StringComparison.Ordinal), SignalTimeout);
        }

        if (throws)
        {
            await logs.WaitForAsync(e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException, SignalTimeout);
        }
    }

    [Fact]
    public async Task Listener_StoppedWhileProcessing_WaitFinishesWhatItTookAndLeavesTheRestOnTheQueue()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new RecordingNotificationEndpoint("first");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var step = 0;
        var processedAt = new ConcurrentDictionary<string, int>();
        endpoint.Reply = async record =>
        {
            await gate.Task;
            processedAt[record.EventType!] = Interlocked.Increment(ref step);
            return NotificationResult.Handled;
        };
        var listener = await StartListenerAsync(await NewTransportAsync(), [new Target(topic)], [endpoint],
            new NotificationListenerOptions { Executor = RpcExecutor.Blocking });
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });
        const int count = 30; // more than the executor's queue holds: some are never taken
        for (var i = 0; i < count; i++)
        {
            await notifier.InfoAsync(null, "n" + i, null);
        }

        Assert.Equal("n0", (await endpoint.NextAsync(SignalTimeout)).EventType);
        await listener.StopAsync().WaitAsync(SignalTimeout); // as oslo: stop does not wait for processing, wait does
        var waited = listener.WaitAsync().ContinueWith(_ => Interlocked.Increment(ref step), TaskScheduler.Default);
        gate.SetResult();
        var waitedAt = await waited.WaitAsync(SignalTimeout);

        // Ordered by one counter, not by time: a wait that returned before processing would have counted first.
        Assert.True(processedAt.TryGetValue("n0", out var n0At), "The notification in progress was processed");
        Assert.All(processedAt, p => Assert.True(p.Value < waitedAt, $"{p.Key} was processed after the wait returned"));

        // What the first listener processed was acknowledged; the rest is still on the queue, each exactly once.
        var second = new RecordingNotificationEndpoint("second");
        await StartListenerAsync(await NewTransportAsync(), [new Target(topic)], [second], new NotificationListenerOptions { Executor = RpcExecutor.Blocking });
        await notifier.InfoAsync(null, "final", null);
        var rest = new List<string>();
        while (rest.LastOrDefault() != "final")
        {
            rest.Add((await second.NextAsync(SignalTimeout)).EventType!);
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => "n" + i).Order(), processedAt.Keys.Concat(rest.SkipLast(1)).Order());
    }

    public static TheoryData<string> MalformedNotifications() =>
    [
        "not json",
        "{\"oslo.version\": \"2.0\", \"oslo.message\": \"[1]\"}",
        "{\"event_type\": \"no.priority\", \"payload\": {}}",
        "{\"priority\": \"LOUD\", \"event_type\": \"unknown.priority\", \"payload\": {}}",
        "{\"oslo.version\": \"9.0\", \"oslo.message\": \"{}\"}",
    ];

    [Theory]
    [MemberData(nameof(MalformedNotifications))]
    public async Task Listener_MalformedNotification_LoggedAcknowledgedAndKeepsListening(string text)
    {
        var logs = new CapturingLoggerFactory();
        var transport = await NewTransportAsync(new TransportOptions { LoggerFactory = logs });
        var topic = NewTopic();
        var endpoint = new RecordingNotificationEndpoint("e");
        await StartListenerAsync(transport, [new Target(topic)], [endpoint], new NotificationListenerOptions { AllowRequeue = true });

        await transport.Driver.SendAsync(Destination.ToNotification(null, topic + ".info"), Encoding.UTF8.GetBytes(text), new SendOptions(), CancellationToken.None);
        await new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true }).InfoAsync(null, "good", null);

        Assert.Equal("good", (await endpoint.NextAsync(SignalTimeout)).EventType);
        await logs.WaitForAsync(e => e.Level == LogLevel.Warning && Regex.IsMatch(e.Message, "malformed|Unknown notification priority"), SignalTimeout);
        await new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true }).InfoAsync(null, "good2", null);
        Assert.Equal("good2", (await endpoint.NextAsync(SignalTimeout)).EventType); // the bad one was not redelivered in between
    }
}
