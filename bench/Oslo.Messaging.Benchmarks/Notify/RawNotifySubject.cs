using System.Text;
using System.Text.Json;
using Oslo.Messaging.Benchmarks.Raw;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.Benchmarks.Notify;

/// <summary>RabbitMQ.Client 7 by hand doing the same: oslo's notification topology (topic exchange <c>openstack</c>,
/// queue <c>&lt;topic&gt;.info</c>), the same v2 envelope bytes, publisher confirms on every publish (many in flight on
/// one channel), and a consumer that parses each body and acknowledges it after, prefetch 128.</summary>
internal static class RawNotifySubject
{
    public static async Task<NotifyRun> RunAsync(string url, int count, int publishers, TimeSpan cap)
    {
        var topic = "bench_notify_raw_" + Guid.NewGuid().ToString("N");
        var queue = topic + ".info";
        await using var sendConnection = await RabbitConnections.Factory(url, "raw-notify-send").CreateConnectionAsync().ConfigureAwait(false);
        await using var listenConnection = await RabbitConnections.Factory(url, "raw-notify-listen").CreateConnectionAsync().ConfigureAwait(false);
        await using var consumerChannel = await listenConnection.CreateChannelAsync().ConfigureAwait(false);
        await consumerChannel.ExchangeDeclareAsync("openstack", "topic", durable: false, autoDelete: false).ConfigureAwait(false);
        await consumerChannel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false).ConfigureAwait(false);
        await consumerChannel.QueueBindAsync(queue, "openstack", queue).ConfigureAwait(false);
        await consumerChannel.BasicQosAsync(0, 128, false).ConfigureAwait(false);
        var seen = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            using (var document = JsonDocument.Parse(delivery.Body))
            {
                using var message = JsonDocument.Parse(document.RootElement.GetProperty("oslo.message").GetString()!);
                if (message.RootElement.GetProperty("event_type").ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException("no event type");
                }
            }

            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
            if (Interlocked.Increment(ref seen) == count)
            {
                done.TrySetResult();
            }
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer).ConfigureAwait(false);

        await using var publishChannel = await sendConnection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)).ConfigureAwait(false);
        var body = Encoding.UTF8.GetBytes(Envelope());
        var properties = RabbitConnections.OsloProperties(expiration: null);
        return await NotifyRun.MeasureAsync(count, publishers, async _ =>
            await publishChannel.BasicPublishAsync("openstack", queue, mandatory: false, properties, body).ConfigureAwait(false),
            done.Task, cap).ConfigureAwait(false);
    }

    /// <summary>A notification as this library's notifier writes it (same size and shape).</summary>
    private static string Envelope()
    {
        var message = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["message_id"] = Guid.NewGuid().ToString(),
            ["publisher_id"] = "bench.host",
            ["event_type"] = "compute.instance.update",
            ["priority"] = "INFO",
            ["payload"] = new { instance_id = "9d3c2b5e-1f7a-4c1e-9c55-2f0e8b6a4d11", state = "active", memory_mb = 2048 },
            ["timestamp"] = "2026-11-30 12:00:00.123456",
            ["_unique_id"] = Guid.NewGuid().ToString("N"),
        });
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["oslo.version"] = "2.0", ["oslo.message"] = message });
    }
}
