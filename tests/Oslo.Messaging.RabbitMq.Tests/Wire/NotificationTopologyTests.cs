using System.Text.Json;
using Oslo.Messaging.Notify;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Wire;

/// <summary>What notifiers and notification listeners declare on the broker (docs/wire-protocol.md, "Notifications").</summary>
[Trait("Category", "Integration")]
public sealed class NotificationTopologyTests
{
    private const int PreconditionFailed = 406;

    [Fact]
    public async Task Notifier_NoListener_DeclaresQueueNamedLikeRoutingKeyWithSharedQueueFlagsAndKeepsTheMessage()
    {
        var exchange = TestBroker.Unique("x");
        var topic = TestBroker.Unique("notif");
        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { ControlExchange = exchange });
        await using var probe = await BrokerProbe.ConnectAsync();

        Assert.True(await new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true }).InfoAsync(null, "kept", null));

        Assert.Equal(1u, await probe.ReadyAsync(topic + ".info"));
        Assert.Null(await probe.DeclareQueueAsync(topic + ".info", durable: false, autoDelete: false, arguments: null));
        Assert.Equal(PreconditionFailed, await probe.DeclareQueueAsync(topic + ".info", durable: true, autoDelete: false, arguments: null));
        Assert.Null(await probe.DeclareExchangeAsync(exchange, "topic", durable: false, autoDelete: false));
        await probe.DeleteQueueAsync(topic + ".info");
        await probe.DeleteExchangeAsync(exchange);
    }

    [Fact]
    public async Task Listener_WithPool_ConsumesOneQueueNamedAfterPoolBoundWithEveryRoutingKey()
    {
        var topic = TestBroker.Unique("notif");
        var pool = TestBroker.Unique("pool");
        await using var transport = await TestBroker.CreateTransportAsync();
        await using var probe = await BrokerProbe.ConnectAsync();
        var received = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = new NotificationListener(transport, [new Target(topic)], [new ErrorEndpoint(received)],
            new NotificationListenerOptions { Pool = pool });
        await listener.StartAsync();

        Assert.Equal(1u, await probe.ConsumersAsync(pool));
        await probe.PublishAsync("openstack", topic + ".error", System.Text.Encoding.UTF8.GetBytes(
            """{"message_id": "m", "publisher_id": "p", "event_type": "raw.error", "priority": "ERROR", "payload": {}, "timestamp": "t"}"""));

        Assert.Equal("raw.error", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await listener.StopAsync();
        await listener.WaitAsync();
        Assert.Equal(0u, await probe.ReadyAsync(pool)); // acknowledged: an unacknowledged one would be back on the queue
        await probe.DeleteQueueAsync(pool);
    }

    [Fact]
    public async Task Listener_TemporaryPool_DeclaresExpiringTransientQueueAndDeletesItOnDispose()
    {
        var topic = TestBroker.Unique("notif");
        var pool = TestBroker.Unique("pool");
        await using var transport = await TestBroker.CreateTransportAsync();
        await using var probe = await BrokerProbe.ConnectAsync();
        var listener = new NotificationListener(transport, [new Target(topic)], [new ErrorEndpoint(new())],
            new NotificationListenerOptions { Pool = pool, TemporaryPool = true });
        await listener.StartAsync();

        Assert.Null(await probe.DeclareQueueAsync(pool, durable: false, autoDelete: false, new Dictionary<string, object?> { ["x-expires"] = 1800000 }));
        Assert.Equal(PreconditionFailed, await probe.DeclareQueueAsync(pool, durable: false, autoDelete: false, arguments: null));
        await listener.DisposeAsync();
        Assert.Null(await probe.ConsumersAsync(pool)); // gone
    }

    private sealed class ErrorEndpoint(TaskCompletionSource<string?> received)
    {
        public void Error(RequestContext c, string? p, string? eventType, JsonElement payload, NotificationMetadata m) => received.TrySetResult(eventType);
    }
}
