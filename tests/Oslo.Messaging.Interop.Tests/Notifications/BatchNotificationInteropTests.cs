using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Interop.Tests.Notifications;

/// <summary>Batch notification listeners across languages: oslo's <c>get_batch_notification_listener</c> receiving .NET
/// notifications, and a .NET batch listener receiving a Python <c>Notifier</c>'s, 14.0.3 and 18.1.0.</summary>
[Trait("Category", "Integration")]
public sealed class BatchNotificationInteropTests
{
    private static readonly TimeSpan Signal = TimeSpan.FromSeconds(30);
    private static readonly string[] PythonMethods = ["audit", "debug", "info", "warn", "warning", "error", "critical", "sample"];

    [Fact]
    public Task DotNetNotifier_PythonBatchListener14_ReceivesFullBatches() => DotNetToPythonBatchAsync(osloPath: null);

    [NewestOsloTheory]
    [InlineData("18.1.0")]
    public Task DotNetNotifier_PythonBatchListener18_ReceivesFullBatches(string version)
    {
        Assert.Equal("18.1.0", version);
        return DotNetToPythonBatchAsync(NewestOslo.Path);
    }

    [Fact]
    public Task PythonNotifier14_DotNetBatchListener_ReceivesEveryPriorityInBatches() => PythonToDotNetBatchAsync(osloPath: null);

    [NewestOsloTheory]
    [InlineData("18.1.0")]
    public Task PythonNotifier18_DotNetBatchListener_ReceivesEveryPriorityInBatches(string version)
    {
        Assert.Equal("18.1.0", version);
        return PythonToDotNetBatchAsync(NewestOslo.Path);
    }

    private static async Task DotNetToPythonBatchAsync(string? osloPath)
    {
        var topic = InteropEnvironment.Unique("notif_batch_net");
        const int batchSize = 3;
        await using var python = await PythonNotifications.ListenAsync(topic, count: 2 * batchSize, osloPath, batchSize: batchSize);
        await using var transport = await InteropEnvironment.CreateTransportAsync();
        var notifier = new Notifier(transport, new NotifierOptions { PublisherId = "dotnet.host", Topics = [topic], ThrowOnSendFailure = true });
        var context = new RequestContext { UserId = "alice", ProjectId = "p1" }.Set("auth_token", "s3cret");

        for (var i = 0; i < 2 * batchSize; i++)
        {
            await notifier.InfoAsync(context, "billing.invoice." + i, new { Index = i });
        }

        var lines = new List<JsonElement>();
        for (var i = 0; i < 2 * batchSize; i++)
        {
            lines.Add(await python.NextAsync(Signal));
        }

        // Python waits for full batches (no batch timeout): two calls of three, every notification once.
        Assert.All(lines, l => Assert.Equal(batchSize, l.GetProperty("batch_len").GetInt32()));
        Assert.Equal(2, lines.Select(l => l.GetProperty("batch").GetInt32()).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 2 * batchSize), lines.Select(l => l.GetProperty("payload").GetProperty("index").GetInt32()).Order());
        foreach (var line in lines)
        {
            Assert.Equal(("info", "dotnet.host"), (line.GetProperty("priority").GetString(), line.GetProperty("publisher_id").GetString()));
            Assert.Equal("alice", line.GetProperty("ctxt").GetProperty("user_id").GetString());
            Assert.False(line.GetProperty("ctxt").TryGetProperty("auth_token", out _));
            Assert.True(line.GetProperty("message_id_is_uuid4").GetBoolean());
            Assert.Equal(JsonValueKind.String, line.GetProperty("timestamp_parsed").ValueKind);
        }
    }

    private static async Task PythonToDotNetBatchAsync(string? osloPath)
    {
        var topic = InteropEnvironment.Unique("notif_batch_py");
        await using var transport = await InteropEnvironment.CreateTransportAsync();
        var endpoint = new AllPrioritiesBatch();
        await using var listener = new NotificationListener(transport, [new Target(topic)], [endpoint], new NotificationListenerOptions
        {
            Batch = new NotificationBatch(PythonMethods.Length, TimeSpan.FromSeconds(5)),
            Executor = RpcExecutor.Blocking,
        });
        await listener.StartAsync();
        var events = PythonMethods.Select(m => (object)new { priority = m, event_type = "compute.instance." + m, payload = new { instance_id = 12, method = m } }).ToArray();
        var context = new { user_id = "alice", project_id = "p1", auth_token = "s3cret" };

        await PythonNotifications.NotifyAsync(topic, "compute.host1", "messagingv2", context, events, osloPath);

        var received = new List<(string Priority, int BatchLength, NotificationMessage<JsonElement> Message)>();
        using var deadline = new CancellationTokenSource(Signal);
        while (received.Count < PythonMethods.Length)
        {
            received.Add(await endpoint.Received.Reader.ReadAsync(deadline.Token));
        }

        Assert.Equal(["audit", "critical", "debug", "error", "info", "sample", "warn", "warn"], received.Select(r => r.Priority).Order()); // warning = warn
        Assert.All(received.Where(r => r.Priority == "warn"), r => Assert.Equal(2, r.BatchLength)); // both warn ones in one call
        foreach (var (_, _, message) in received)
        {
            Assert.Equal("compute.host1", message.PublisherId);
            Assert.Equal("compute.instance." + message.Payload.GetProperty("method").GetString(), message.EventType);
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", message.Metadata.MessageId);
            Assert.False(message.Context.ContainsKey("auth_token"));
            if (osloPath is null)
            {
                Assert.Equal("alice", message.Context.UserId); // 14.0.3 sends the whitelisted keys; 18.1.0 none for a dict context
            }
        }
    }

    /// <summary>A batch endpoint for every priority, recording each message with its priority and batch length.</summary>
    private sealed class AllPrioritiesBatch
    {
        public Channel<(string, int, NotificationMessage<JsonElement>)> Received { get; } = Channel.CreateUnbounded<(string, int, NotificationMessage<JsonElement>)>();

        public void Audit(IReadOnlyList<NotificationMessage<JsonElement>> batch) => Record("audit", batch);

        public void Debug(IReadOnlyList<NotificationMessage<JsonElement>> batch) => Record("debug", batch);

        public void Info(IReadOnlyList<NotificationMessage<JsonElement>> batch) => Record("info", batch);

        public void Warn(IReadOnlyList<NotificationMessage<JsonElement>> batch) => Record("warn", batch);

        public void Error(IReadOnlyList<NotificationMessage<JsonElement>> batch) => Record("error", batch);

        public void Critical(IReadOnlyList<NotificationMessage<JsonElement>> batch) => Record("critical", batch);

        public void Sample(IReadOnlyList<NotificationMessage<JsonElement>> batch) => Record("sample", batch);

        private void Record(string priority, IReadOnlyList<NotificationMessage<JsonElement>> batch)
        {
            foreach (var message in batch)
            {
                Received.Writer.TryWrite((priority, batch.Count, message with { Payload = message.Payload.Clone() }));
            }
        }
    }
}
