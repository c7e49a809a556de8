using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Interop.Tests.Notifications;

/// <summary>Notifications between this library and the real oslo.messaging, both directions, 14.0.3 and 18.1.0.</summary>
[Trait("Category", "Integration")]
public sealed class NotificationInteropTests
{
    private static readonly TimeSpan Signal = TimeSpan.FromSeconds(30);
    private static readonly string[] PythonMethods = ["audit", "debug", "info", "warn", "warning", "error", "critical", "sample"];
    private static readonly object PythonContext = new { user_id = "alice", project_id = "p1", request_id = "req-9", auth_token = "s3cret" };

    [Theory]
    [InlineData("messagingv2")]
    [InlineData("messaging")]
    public Task PythonNotifier14_EveryPriority_DotNetListenerReceivesFieldsContextAndMetadata(string driver) =>
        PythonToDotNetAsync(driver, osloPath: null);

    [NewestOsloTheory]
    [InlineData("messagingv2")]
    [InlineData("messaging")]
    public Task PythonNotifier18_EveryPriority_DotNetListenerReceivesFieldsAndMetadata(string driver) =>
        PythonToDotNetAsync(driver, NewestOslo.Path);

    [Fact]
    public Task DotNetNotifier_PythonListener14_ReceivesPayloadPublisherPriorityWhitelistedContextAndMetadata() =>
        DotNetToPythonAsync(osloPath: null);

    [NewestOsloTheory]
    [InlineData("18.1.0")]
    public Task DotNetNotifier_PythonListener18_ReceivesPayloadPublisherPriorityWhitelistedContextAndMetadata(string version)
    {
        Assert.Equal("18.1.0", version);
        return DotNetToPythonAsync(NewestOslo.Path);
    }

    [Fact]
    public async Task Pools_PythonAndDotNetListeners_SharePoolAndOtherPoolGetsCopies()
    {
        var topic = InteropEnvironment.Unique("notif_pool");
        var (shared, other) = (InteropEnvironment.Unique("pool"), InteropEnvironment.Unique("pool"));
        await using var transport = await InteropEnvironment.CreateTransportAsync();
        var dotnetShared = new AllPriorities();
        var dotnetOther = new AllPriorities();
        await using var inShared = new NotificationListener(transport, [new Target(topic)], [dotnetShared], new NotificationListenerOptions { Pool = shared });
        await using var inOther = new NotificationListener(transport, [new Target(topic)], [dotnetOther], new NotificationListenerOptions { Pool = other });
        await inShared.StartAsync();
        await inOther.StartAsync();
        const int count = 10;
        await using var python = await PythonNotifications.ListenAsync(topic, count, osloPath: null, pool: shared);
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        for (var i = 0; i < count; i++)
        {
            await notifier.InfoAsync(null, "e" + i, null);
        }

        var copies = new List<string?>();
        for (var i = 0; i < count; i++)
        {
            copies.Add((await dotnetOther.NextAsync(Signal)).EventType);
        }

        // The shared pool: every notification once, some taken by Python, the rest by .NET.
        var seen = new List<string?>();
        var byPython = 0;
        while (seen.Count < count)
        {
            await Task.WhenAny(python.Lines.WaitToReadAsync().AsTask(), dotnetShared.Reader.WaitToReadAsync().AsTask()).WaitAsync(Signal);
            while (dotnetShared.Reader.TryRead(out var fromDotNet))
            {
                seen.Add(fromDotNet.EventType);
            }

            while (python.Lines.TryRead(out var line))
            {
                seen.Add(line.GetProperty("event_type").GetString());
                byPython++;
            }
        }

        Assert.Equal(count, copies.Distinct().Count());
        Assert.Equal(count, seen.Distinct().Count());
        Assert.InRange(byPython, 1, count - 1);
    }

    private static async Task PythonToDotNetAsync(string driver, string? osloPath)
    {
        var topic = InteropEnvironment.Unique("notif_py");
        await using var transport = await InteropEnvironment.CreateTransportAsync();
        var endpoint = new AllPriorities();
        await using var listener = new NotificationListener(transport, [new Target(topic)], [endpoint]);
        await listener.StartAsync();
        var events = PythonMethods.Select(m => (object)new { priority = m, event_type = "compute.instance." + m, payload = new { instance_id = 12, method = m } }).ToArray();

        await PythonNotifications.NotifyAsync(topic, "compute.host1", driver, PythonContext, events, osloPath);

        var received = new List<AllPriorities.Received>();
        for (var i = 0; i < PythonMethods.Length; i++)
        {
            received.Add(await endpoint.NextAsync(Signal));
        }

        Assert.Equal(["audit", "critical", "debug", "error", "info", "sample", "warn", "warn"], received.Select(r => r.Priority).Order()); // warning = warn
        foreach (var r in received)
        {
            Assert.Equal("compute.host1", r.PublisherId);
            Assert.Equal("compute.instance." + r.Payload.GetProperty("method").GetString(), r.EventType);
            Assert.Equal(12, r.Payload.GetProperty("instance_id").GetInt32());
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", r.Metadata.MessageId);
            Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$", r.Metadata.Timestamp);
            Assert.False(r.Context.ContainsKey("auth_token"));
            if (osloPath is null)
            {
                Assert.Equal(("alice", "p1", "req-9"), (r.Context.UserId, r.Context.ProjectId, r.Context.RequestId)); // 14.0.3: the whitelist
            }
            else
            {
                Assert.Null(r.Context.UserId); // 18.1.0 sends no context keys for a plain dict context
            }
        }
    }

    private static async Task DotNetToPythonAsync(string? osloPath)
    {
        var topic = InteropEnvironment.Unique("notif_net");
        await using var python = await PythonNotifications.ListenAsync(topic, count: 2, osloPath);
        await using var transport = await InteropEnvironment.CreateTransportAsync();
        var notifier = new Notifier(transport, new NotifierOptions { PublisherId = "dotnet.host", Topics = [topic], ThrowOnSendFailure = true });
        var context = new RequestContext { UserId = "alice", ProjectId = "p1", RequestId = "req-9" }.Set("auth_token", "s3cret").Set("is_admin", false);

        await notifier.InfoAsync(context, "billing.invoice.created", new { Amount = 12.5, Lines = new[] { "a", "ü" } });
        await notifier.SampleAsync(context, "meter.cpu", 42);

        var lines = new[] { await python.NextAsync(Signal), await python.NextAsync(Signal) }
            .OrderBy(l => l.GetProperty("event_type").GetString()).ToArray();
        var info = lines[0];
        Assert.Equal(("info", "dotnet.host", "billing.invoice.created"),
            (info.GetProperty("priority").GetString(), info.GetProperty("publisher_id").GetString(), info.GetProperty("event_type").GetString()));
        Assert.Equal(12.5, info.GetProperty("payload").GetProperty("amount").GetDouble());
        Assert.Equal("ü", info.GetProperty("payload").GetProperty("lines")[1].GetString());
        var ctxt = info.GetProperty("ctxt");
        Assert.Equal("alice", ctxt.GetProperty("user_id").GetString());
        Assert.False(ctxt.GetProperty("is_admin").GetBoolean());
        Assert.False(ctxt.TryGetProperty("auth_token", out _));
        Assert.True(info.GetProperty("message_id_is_uuid4").GetBoolean());
        Assert.Equal(JsonValueKind.String, info.GetProperty("timestamp_parsed").ValueKind);
        var sample = lines[1];
        Assert.Equal(("sample", 42), (sample.GetProperty("priority").GetString(), sample.GetProperty("payload").GetInt32()));
    }

    /// <summary>An endpoint for every priority, recording what it receives.</summary>
    private sealed class AllPriorities
    {
        private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();

        public void Audit(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Record("audit", c, p, e, payload, m);

        public void Debug(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Record("debug", c, p, e, payload, m);

        public void Info(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Record("info", c, p, e, payload, m);

        public void Warn(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Record("warn", c, p, e, payload, m);

        public void Error(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Record("error", c, p, e, payload, m);

        public void Critical(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Record("critical", c, p, e, payload, m);

        public void Sample(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Record("sample", c, p, e, payload, m);

        public ChannelReader<Received> Reader => _received.Reader;

        public async Task<Received> NextAsync(TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            return await _received.Reader.ReadAsync(deadline.Token);
        }

        private void Record(string priority, RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) =>
            _received.Writer.TryWrite(new Received(priority, c, p, e, payload.Clone(), m));

        public sealed record Received(string Priority, RequestContext Context, string? PublisherId, string? EventType, JsonElement Payload, NotificationMetadata Metadata);
    }
}
