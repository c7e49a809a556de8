using System.Diagnostics;
using System.Text;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Publishing;

/// <summary>The send path on the real broker: a caller's cancellation, a nack, replies to missing reply queues.</summary>
[Trait("Category", "Integration")]
public sealed class PublisherTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task SendAsync_CallersCancelWhileOthersPublish_ChannelSurvivesAndNothingIsSentTwice()
    {
        var exchange = TestBroker.Unique("pubx");
        var topic = TestBroker.Unique("pub");
        await using var capture = await RawCapture.StartAsync(exchange, topic);
        var logs = new CapturingLoggerFactory();
        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { LoggerFactory = logs });
        var driver = Assert.IsType<RabbitMqTransportDriver>(transport.Driver);
        await driver.SendAsync(Destination.ToTopic(exchange, topic), Body("first"), new SendOptions(), CancellationToken.None);
        var channel = driver.Publisher.Channel;
        Assert.NotNull(channel);

        // Each round: sends that must arrive once, racing a send whose caller gives up within a millisecond while it
        // declares a new exchange (a broker round trip) or publishes: exactly the window that closed the channel.
        const int rounds = 60;
        const int perRound = 10;
        var cancelled = 0;
        for (var round = 0; round < rounds; round++)
        {
            var sends = Enumerable.Range(0, perRound)
                .Select(i => driver.SendAsync(Destination.ToTopic(exchange, topic), Body($"m{round}_{i}"), new SendOptions(), CancellationToken.None).AsTask())
                .ToList();
            using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(round % 3));
            try
            {
                await driver.SendAsync(Destination.ToTopic(TestBroker.Unique("gone"), topic), new byte[256 * 1024], new SendOptions(), giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                cancelled++;
            }

            await Task.WhenAll(sends);
        }

        var seen = new HashSet<string>();
        while (seen.Count < (rounds * perRound) + 1)
        {
            var text = Encoding.UTF8.GetString((await capture.NextAsync(_signal)).Body);
            Assert.True(seen.Add(text), $"{text} arrived twice");
        }

        Assert.True(cancelled > 0, "no send was cancelled: the test did not exercise anything");
        Assert.Same(channel, driver.Publisher.Channel);
        Assert.True(channel.IsUsable);
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id == 121);
    }

    [Fact]
    public async Task SendAsync_Nacked_RetriesWithBackoffNotInATightLoop()
    {
        var exchange = TestBroker.Unique("nackx");
        var topic = TestBroker.Unique("nack");
        await using var probe = await BrokerProbe.ConnectAsync();
        await using (var setup = await probe.Connection.CreateChannelAsync())
        {
            // A queue that takes nothing: with reject-publish the broker nacks every message routed to it.
            await setup.ExchangeDeclareAsync(exchange, "topic", durable: false, autoDelete: false);
            await setup.QueueDeclareAsync(topic, durable: false, exclusive: false, autoDelete: true,
                new Dictionary<string, object?> { ["x-max-length"] = 0, ["x-overflow"] = "reject-publish" });
            await setup.QueueBindAsync(topic, exchange, topic);
        }

        var logs = new CapturingLoggerFactory();
        var rabbit = TestBroker.FastRecovery();
        rabbit.RetryInterval = TimeSpan.FromMilliseconds(300);
        rabbit.RetryBackoff = TimeSpan.FromMilliseconds(300);
        await using var transport = await TestBroker.CreateTransportAsync(rabbit: rabbit, options: new TransportOptions { LoggerFactory = logs });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(async () =>
            await transport.Driver.SendAsync(Destination.ToTopic(exchange, topic), Body("n"), new SendOptions(Retry: 2), CancellationToken.None));

        // Two retries: after 0.3 s, then after 0.6 s (rabbit_retry_interval, growing by rabbit_retry_backoff).
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(850), $"gave up after {watch.Elapsed.TotalMilliseconds:0} ms: retried without back-off");
        Assert.Contains("nacked", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, logs.Entries.Count(e => e.EventId.Id == 121));
    }

    [Fact]
    public async Task SendAsync_RepliesToManyMissingQueues_AtMostMaxReplyRetriesAreRetried()
    {
        var rabbit = TestBroker.FastRecovery();
        rabbit.MissingConsumerRetryTimeout = TimeSpan.FromSeconds(3);
        await using var transport = await TestBroker.CreateTransportAsync(rabbit: rabbit);
        const int extra = 20;

        var sends = Enumerable.Range(0, Publisher.MaxReplyRetries + extra).Select(async i =>
        {
            try
            {
                await transport.Driver.SendAsync(Destination.ToReply($"reply_{Guid.NewGuid():N}"), Body($"r{i}"), new SendOptions(), CancellationToken.None);
                return "sent";
            }
            catch (MessageUndeliverableException ex)
            {
                return ex.Message.Contains("not retried", StringComparison.Ordinal) ? "not retried" : "retried, then gave up";
            }
        }).ToList();
        var ended = await Task.WhenAll(sends);

        // Those beyond the bound fail on their first NO_ROUTE, saying why; the others are retried for the whole 3 s.
        // (Told apart by their errors, not by when they ended: a loaded machine stretches the fast ones past any bound.)
        Assert.Equal(extra, ended.Count(e => e == "not retried"));
        Assert.Equal(Publisher.MaxReplyRetries, ended.Count(e => e == "retried, then gave up"));
    }

    private static byte[] Body(string text) => Encoding.UTF8.GetBytes(text);
}
