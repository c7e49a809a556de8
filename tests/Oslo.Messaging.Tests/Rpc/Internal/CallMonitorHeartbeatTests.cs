using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Rpc.Internal;

/// <summary>When a server sends heartbeats (docs/wire-protocol.md, "Call-monitor heartbeats"): only for calls whose <c>_timeout</c> is a number giving >= 1 s intervals.</summary>
public sealed class CallMonitorHeartbeatTests
{
    private static IncomingRequest Request(string timeoutField) =>
        IncomingRequest.Decode(JsonElement.Parse($"{{\"method\": \"m\", \"_msg_id\": \"id\", \"_reply_q\": \"q\"{timeoutField}}}")).Request!;

    private static CallMonitorHeartbeat? Start(IncomingRequest request, Transport transport, ILogger logger) =>
        CallMonitorHeartbeat.Start(request, new ReplySender(transport, JsonRpcSerializer.Default, new TrackedTasks(limit: 1024), logger), transport.TimeProvider, logger);

    [Theory]
    [InlineData("")]
    [InlineData(", \"_timeout\": null")]
    [InlineData(", \"_timeout\": \"2\"")]
    [InlineData(", \"_timeout\": 0")]
    [InlineData(", \"_timeout\": -4")]
    [InlineData(", \"_timeout\": true")]
    public async Task Start_NotMonitored_NoHeartbeat(string timeoutField)
    {
        await using var transport = await RecordingDriver.CreateTransportAsync(new RecordingDriver());

        Assert.Null(Start(Request(timeoutField), transport, NullLoggerFor()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1.9)]
    public async Task Start_IntervalUnderOneSecond_WarnsAndSendsNone(double timeout)
    {
        await using var transport = await RecordingDriver.CreateTransportAsync(new RecordingDriver());
        var logs = new CapturingLoggerFactory();

        Assert.Null(Start(Request($", \"_timeout\": {timeout}"), transport, logs.CreateLogger("test")));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning);
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(2.9, 1.0)]
    [InlineData(7, 3.5)]
    public async Task Start_Monitored_HeartbeatsEveryHalfOfIntegerTimeout(double timeout, double intervalSeconds)
    {
        var time = new ManualTimeProvider();
        var driver = new RecordingDriver();
        await using var transport = await RecordingDriver.CreateTransportAsync(driver, new TransportOptions { TimeProvider = time });
        using var heartbeat = Start(Request($", \"_timeout\": {timeout}"), transport, NullLoggerFor());
        Assert.NotNull(heartbeat);

        time.Advance(TimeSpan.FromSeconds(intervalSeconds) - TimeSpan.FromMilliseconds(1));
        Assert.False(driver.TryTakeSent(out _));
        time.Advance(TimeSpan.FromMilliseconds(1));
        var sent = await driver.NextSentAsync();
        await heartbeat.StopAsync();

        Assert.Equal(Destination.ToReply("q"), sent.Destination);
        Assert.False(sent.Message.GetProperty("ending").GetBoolean());
        Assert.Equal("id", sent.Message.GetProperty("_msg_id").GetString());
    }

    private static Microsoft.Extensions.Logging.Abstractions.NullLogger NullLoggerFor() => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
