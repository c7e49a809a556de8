using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;

namespace Oslo.Messaging.Tests.Notify;

public sealed class NotifierTests
{
    private static RequestContext Context() => new RequestContext { UserId = "alice", RequestId = "req-9", ProjectId = "p1" }
        .Set("auth_token", "s3cret").Set("is_admin", true).Set("custom_key", "x");

    [Fact]
    public async Task InfoAsync_MessagingV2_PublishesOsloMessageInEnvelopeToTopicDotPriority()
    {
        var driver = new RecordingDriver();
        var time = new ManualTimeProvider();
        time.Advance(TimeSpan.FromTicks(15)); // 1.5 µs: Python keeps microseconds only
        await using var transport = await RecordingDriver.CreateTransportAsync(driver, new TransportOptions { TimeProvider = time });
        var notifier = new Notifier(transport, new NotifierOptions { PublisherId = "compute.host1" });

        Assert.True(await notifier.InfoAsync(Context(), "compute.instance.create.end", new { InstanceId = 12 }));

        var sent = await driver.NextSentAsync();
        Assert.Equal(Destination.ToNotification(null, "notifications.info"), sent.Destination);
        Assert.Equal("2.0", JsonElement.Parse(sent.Body).GetProperty("oslo.version").GetString());
        Assert.Equal(["message_id", "publisher_id", "event_type", "priority", "payload", "timestamp", "_unique_id",
            "_context_user_id", "_context_request_id", "_context_project_id", "_context_is_admin"], sent.Keys);
        var message = sent.Message;
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", message.GetProperty("message_id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", message.GetProperty("_unique_id").GetString());
        Assert.Equal("compute.host1", message.GetProperty("publisher_id").GetString());
        Assert.Equal("INFO", message.GetProperty("priority").GetString());
        Assert.Equal(12, message.GetProperty("payload").GetProperty("instance_id").GetInt32());
        Assert.Equal("0001-01-02 00:00:00.000001", message.GetProperty("timestamp").GetString());
        Assert.True(message.GetProperty("_context_is_admin").GetBoolean());
        Assert.Null(sent.Options.Retry);
        Assert.False(sent.Options.Mandatory);
        Assert.Null(sent.Options.TimeToLive);
    }

    [Fact]
    public async Task WarningAsync_MessagingDriverSeveralTopics_OneBareMessagePerTopicEachWithItsUniqueId()
    {
        var driver = new RecordingDriver();
        await using var transport = await RecordingDriver.CreateTransportAsync(driver);
        var notifier = new Notifier(transport, new NotifierOptions { Topics = ["a", "b"], Drivers = [NotificationDriver.Messaging], Retry = 3 });

        await notifier.WarningAsync(null, "thing.happened", JsonElement.Parse("[1, 2]"));

        var first = await driver.NextSentAsync();
        var second = await driver.NextSentAsync();
        Assert.Equal(["a.warn", "b.warn"], new[] { first.Destination.Topic, second.Destination.Topic });
        var bare = JsonElement.Parse(first.Body);
        Assert.False(bare.TryGetProperty("oslo.version", out _));
        Assert.Equal("WARN", bare.GetProperty("priority").GetString());
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("publisher_id").ValueKind);
        Assert.Equal("[1,2]", bare.GetProperty("payload").GetRawText());
        Assert.Equal(bare.GetProperty("message_id").GetString(), JsonElement.Parse(second.Body).GetProperty("message_id").GetString());
        Assert.NotEqual(bare.GetProperty("_unique_id").GetString(), JsonElement.Parse(second.Body).GetProperty("_unique_id").GetString());
        Assert.Equal(3, first.Options.Retry);
    }

    [Fact]
    public async Task NotifyAsync_SendFails_LoggedReturnsFalseAndOtherDriversStillSend()
    {
        var driver = new RecordingDriver { OnSend = (_, _) => throw new MessageDeliveryFailureException("broker gone") };
        var logs = new CapturingLoggerFactory();
        await using var transport = await RecordingDriver.CreateTransportAsync(driver, new TransportOptions { LoggerFactory = logs });
        var recorder = new TestNotificationDriver();
        var notifier = new Notifier(transport, new NotifierOptions { Drivers = [NotificationDriver.MessagingV2, recorder] });

        Assert.False(await notifier.ErrorAsync(null, "failing.send", null));

        Assert.Single(recorder.Sent);
        var entry = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("failing.send", entry.Message, StringComparison.Ordinal);
        Assert.Contains("broker gone", entry.Message, StringComparison.Ordinal);
        Assert.IsType<MessageDeliveryFailureException>(entry.Exception);
    }

    [Fact]
    public async Task NotifyAsync_SendFailsWithThrowOnSendFailure_ThrowsAfterTryingEveryDriver()
    {
        var driver = new RecordingDriver { OnSend = (_, _) => throw new MessageDeliveryFailureException("broker gone") };
        await using var transport = await RecordingDriver.CreateTransportAsync(driver);
        var recorder = new TestNotificationDriver();
        var notifier = new Notifier(transport, new NotifierOptions { Drivers = [NotificationDriver.MessagingV2, recorder], ThrowOnSendFailure = true });

        var ex = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => notifier.CriticalAsync(null, "e", null));

        Assert.Equal("broker gone", ex.Message);
        Assert.Single(recorder.Sent);
    }

    [Fact]
    public async Task NotifyAsync_CallerCancels_ThrowsOperationCanceledEvenWithoutThrowOnSendFailure()
    {
        var driver = new RecordingDriver { OnSend = async (_, token) => await Task.Delay(Timeout.Infinite, token) };
        await using var transport = await RecordingDriver.CreateTransportAsync(driver);
        var notifier = new Notifier(transport);
        using var cancel = new CancellationTokenSource();

        var sending = notifier.AuditAsync(null, "e", null, cancel.Token);
        await driver.NextSentAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public async Task TestDriver_RecordsWhatWouldBeSent_AndPrepareChangesPublisherOnly()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        var recorder = new TestNotificationDriver();
        var notifier = new Notifier(transport, new NotifierOptions { PublisherId = "svc.a", Topics = ["t1"], Drivers = [recorder] });

        await notifier.Prepare(publisherId: "svc.b").SampleAsync(Context(), "meter", new { volume = 1.5 });
        await notifier.DebugAsync(null, "dbg", "text");

        Assert.Collection(recorder.Sent,
            s =>
            {
                Assert.Equal((NotificationPriority.Sample, "svc.b", "meter"), (s.Priority, s.PublisherId, s.EventType));
                Assert.Equal(1.5, s.Payload.GetProperty("volume").GetDouble());
                Assert.Equal(["user_id", "request_id", "project_id", "is_admin"], s.Context.Keys);
                Assert.Equal(["t1"], s.Topics);
                Assert.Equal("SAMPLE", s.Message.GetProperty("priority").GetString());
            },
            s => Assert.Equal((NotificationPriority.Debug, "svc.a", "text"), (s.Priority, s.PublisherId, s.Payload.GetString())));
        recorder.Clear();
        Assert.Empty(recorder.Sent);
    }

    [Fact]
    public async Task IsEnabled_FalseOnlyForNoopAlone()
    {
        await using var transport = await Transport.CreateAsync("memory://");

        Assert.True(new Notifier(transport).IsEnabled);
        Assert.False(new Notifier(transport, new NotifierOptions { Drivers = [NotificationDriver.Noop] }).IsEnabled);
        Assert.True(new Notifier(transport, new NotifierOptions { Drivers = [NotificationDriver.Noop, NotificationDriver.Log] }).IsEnabled);
        Assert.True(await new Notifier(transport, new NotifierOptions { Drivers = [NotificationDriver.Noop] }).InfoAsync(null, "e", null));
    }

    [Fact]
    public async Task LogDriver_LogsJsonAtPriorityLevelUnderEventCategory_SecretsMasked()
    {
        var logs = new CapturingLoggerFactory();
        await using var transport = await Transport.CreateAsync("memory://", new TransportOptions { LoggerFactory = logs });
        var notifier = new Notifier(transport, new NotifierOptions { PublisherId = "p", Drivers = [NotificationDriver.Log] });

        await notifier.WarnAsync(Context(), "user.login", new { name = "bob", password = "hunter2", nested = new[] { new { api_token = "t" } } });

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(("oslo.messaging.notification.user.login", LogLevel.Warning), (entry.Category, entry.Level));
        var logged = JsonElement.Parse(entry.Message);
        Assert.Equal("WARN", logged.GetProperty("priority").GetString());
        Assert.Equal("***", logged.GetProperty("payload").GetProperty("password").GetString());
        Assert.Equal("***", logged.GetProperty("payload").GetProperty("nested")[0].GetProperty("api_token").GetString());
        Assert.Equal("bob", logged.GetProperty("payload").GetProperty("name").GetString());
        Assert.DoesNotContain("s3cret", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_NoTopicOrNoDriver_Throws()
    {
        await using var transport = await Transport.CreateAsync("memory://");

        Assert.Throws<ArgumentException>(() => new Notifier(transport, new NotifierOptions { Topics = [] }));
        Assert.Throws<ArgumentException>(() => new Notifier(transport, new NotifierOptions { Topics = [""] }));
        Assert.Throws<ArgumentException>(() => new Notifier(transport, new NotifierOptions { Drivers = [] }));
        Assert.Throws<ArgumentException>(() => NotificationDriver.FromName("routing"));
        Assert.Same(NotificationDriver.Messaging, NotificationDriver.FromName("messaging"));
    }
}
