using System.Text.Json;
using Oslo.Messaging.Notify;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Benchmarks.Notify;

/// <summary>This library: a <see cref="Notifier"/> (messagingv2, every send awaits the broker's confirm) on one
/// transport, a <see cref="NotificationListener"/> with default options (pooled executor, acknowledgement after the
/// endpoint ran) on another, as two services would.</summary>
internal static class LibraryNotifySubject
{
    public static async Task<NotifyRun> RunAsync(string url, int count, int publishers, TimeSpan cap)
    {
        var options = new TransportOptions().UseRabbitMq();
        await using var sending = await Transport.CreateAsync(url, options).ConfigureAwait(false);
        await using var listening = await Transport.CreateAsync(url, options).ConfigureAwait(false);
        var topic = "bench_notify_" + Guid.NewGuid().ToString("N");
        var endpoint = new CountingEndpoint(count);
        await using var listener = new NotificationListener(listening, [new Target(topic)], [endpoint]);
        await listener.StartAsync().ConfigureAwait(false);
        var notifier = new Notifier(sending, new NotifierOptions { PublisherId = "bench.host", Topics = [topic], ThrowOnSendFailure = true });
        var payload = new { instance_id = "9d3c2b5e-1f7a-4c1e-9c55-2f0e8b6a4d11", state = "active", memory_mb = 2048 };
        await notifier.InfoAsync(null, "warm.up", payload).ConfigureAwait(false);
        await endpoint.WarmedUp.Task.WaitAsync(cap).ConfigureAwait(false);
        endpoint.Reset();

        return await NotifyRun.MeasureAsync(count, publishers, async _ =>
        {
            if (!await notifier.InfoAsync(null, "compute.instance.update", payload).ConfigureAwait(false))
            {
                throw new InvalidOperationException("a notification was not confirmed");
            }
        }, endpoint.Done.Task, cap).ConfigureAwait(false);
    }

    private sealed class CountingEndpoint(int count)
    {
        private int _seen;

        public TaskCompletionSource WarmedUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Reset() => Volatile.Write(ref _seen, 0);

        public void Info(RequestContext context, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata)
        {
            if (eventType == "warm.up")
            {
                WarmedUp.TrySetResult();
                return;
            }

            if (Interlocked.Increment(ref _seen) == count)
            {
                Done.TrySetResult();
            }
        }
    }
}
