using Microsoft.Extensions.Logging;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Testing;

/// <summary>Batch listeners, executors, and notifications a listener must drop without stopping: settlement after
/// processing across several messages.</summary>
public abstract partial class TransportConformanceTests
{
    private static NotificationListenerOptions BatchOptions(int size, TimeSpan? timeout = null, bool allowRequeue = false) =>
        new() { Batch = new NotificationBatch(size, timeout), AllowRequeue = allowRequeue, Executor = RpcExecutor.Blocking };

    /// <summary>Reads batches until one holds <paramref name="eventType"/>; returns every event type read.</summary>
    private static async Task<List<string>> ReadBatchesUntilAsync(RecordingBatchEndpoint endpoint, string eventType)
    {
        var seen = new List<string>();
        while (!seen.Contains(eventType))
        {
            seen.AddRange(await endpoint.NextAsync(SignalTimeout));
        }

        return seen;
    }

    [Fact]
    public async Task BatchListener_FullBatch_EndpointGetsOneListInOrder()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new RecordingBatchEndpoint();
        await StartListenerAsync(transport, [new Target(topic)], [endpoint], BatchOptions(size: 5));
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        for (var i = 0; i < 10; i++)
        {
            await notifier.InfoAsync(null, "n" + i, new { i });
        }

        Assert.Equal(["n0", "n1", "n2", "n3", "n4"], await endpoint.NextAsync(SignalTimeout));
        Assert.Equal(["n5", "n6", "n7", "n8", "n9"], await endpoint.NextAsync(SignalTimeout));
    }

    [Fact]
    public async Task BatchListener_Timeout_HandsOverThePartialBatch()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new RecordingBatchEndpoint();
        await StartListenerAsync(transport, [new Target(topic)], [endpoint], BatchOptions(size: 1000, timeout: TimeSpan.FromMilliseconds(100)));
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        await notifier.InfoAsync(null, "a", null);
        await notifier.ErrorAsync(null, "b", null);

        // Both priorities fill one batch; each method gets its own priority's part of it.
        Assert.Equal(["a", "b"], (await ReadBatchesUntilAsync(endpoint, "a")).Concat(await ReadBatchesUntilAsync(endpoint, "b")).Order());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task BatchListener_RequeueOrThrow_AppliesToTheWholeBatch(bool allowRequeue, bool throws)
    {
        var logs = new CapturingLoggerFactory();
        var transport = await NewTransportAsync(new TransportOptions { LoggerFactory = logs });
        var topic = NewTopic();
        var endpoint = new RecordingBatchEndpoint();
        var calls = 0;
        endpoint.Reply = _ => Interlocked.Increment(ref calls) == 1
            ? throws ? throw new InvalidOperationException("batch failed") : Task.FromResult(NotificationResult.Requeue)
            : Task.FromResult(NotificationResult.Handled);
        await StartListenerAsync(transport, [new Target(topic)], [endpoint], BatchOptions(size: 3, allowRequeue: allowRequeue));
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });
        foreach (var name in new[] { "a", "b", "c" })
        {
            await notifier.InfoAsync(null, name, null);
        }

        Assert.Equal(["a", "b", "c"], await endpoint.NextAsync(SignalTimeout));
        foreach (var name in new[] { "d", "e", "f" })
        {
            await notifier.InfoAsync(null, name, null); // a full batch after the requeued ones: bounds the wait
        }

        var seen = await ReadBatchesUntilAsync(endpoint, "f");
        if (seen.Count < (allowRequeue ? 6 : 3))
        {
            seen.AddRange(await ReadBatchesUntilAsync(endpoint, allowRequeue ? "c" : "f"));
        }

        Assert.Equal(allowRequeue ? ["a", "b", "c", "d", "e", "f"] : ["d", "e", "f"], seen.Order());
        if (!allowRequeue)
        {
            await logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("does not allow requeue", StringComparison.Ordinal), SignalTimeout);
        }
    }

    [Fact]
    public async Task BatchListener_StoppedWithPartialBatch_WaitProcessesAndAcknowledgesIt()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new RecordingBatchEndpoint();
        var listener = await StartListenerAsync(await NewTransportAsync(), [new Target(topic)], [endpoint], BatchOptions(size: 100));
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });
        foreach (var name in new[] { "a", "b", "c" })
        {
            await notifier.InfoAsync(null, name, null);
        }

        await listener.StopAsync().WaitAsync(SignalTimeout);
        await listener.WaitAsync().WaitAsync(SignalTimeout);

        // What the listener took came out as one partial batch at its wait, and was acknowledged; what it had not
        // taken yet is still on the queue: a second listener gets exactly the rest.
        var partial = endpoint.Batches.Reader.TryRead(out var got) ? got : [];
        Assert.False(endpoint.Batches.Reader.TryRead(out _), "at most one partial batch");
        var second = new RecordingBatchEndpoint();
        await StartListenerAsync(await NewTransportAsync(), [new Target(topic)], [second], BatchOptions(size: 1));
        await notifier.InfoAsync(null, "final", null);
        var rest = await ReadBatchesUntilAsync(second, "final");
        Assert.Equal(["a", "b", "c", "final"], partial.Concat(rest).Order());
    }

    [Fact]
    public async Task Listener_PooledExecutor_ProcessesSeveralAtOnce()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new RecordingNotificationEndpoint("e");
        const int concurrency = 4;
        var running = 0;
        var allRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        endpoint.Reply = async _ =>
        {
            if (Interlocked.Increment(ref running) == concurrency)
            {
                allRunning.TrySetResult();
            }

            await allRunning.Task; // with fewer than four at once this never completes, and the test times out
            return NotificationResult.Handled;
        };
        await StartListenerAsync(transport, [new Target(topic)], [endpoint], new NotificationListenerOptions { Executor = RpcExecutor.Pooled(concurrency) });
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        for (var i = 0; i < concurrency; i++)
        {
            await notifier.InfoAsync(null, "n" + i, null);
        }

        await allRunning.Task.WaitAsync(SignalTimeout);
    }

    [Fact]
    public async Task Listener_BlockingExecutor_OneAtATimeAcrossQueues()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new RecordingNotificationEndpoint("e");
        var running = 0;
        var most = 0;
        endpoint.Reply = async _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return NotificationResult.Handled;
        };
        await StartListenerAsync(transport, [new Target(topic)], [endpoint], new NotificationListenerOptions { Executor = RpcExecutor.Blocking });
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        for (var i = 0; i < 10; i++)
        {
            await (i % 2 == 0 ? notifier.InfoAsync(null, "n" + i, null) : notifier.ErrorAsync(null, "n" + i, null));
        }

        for (var i = 0; i < 10; i++)
        {
            await endpoint.NextAsync(SignalTimeout);
        }

        Assert.Equal(1, Volatile.Read(ref most));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>An endpoint whose payload type a peer's payload may not fit.</summary>
    public sealed class TypedPayloadEndpoint
    {
        /// <summary>The ids received.</summary>
        public System.Threading.Channels.Channel<int> Ids { get; } = System.Threading.Channels.Channel.CreateUnbounded<int>();

        /// <summary>Handles <c>INFO</c>.</summary>
        public void Info(RequestContext context, string? publisherId, string? eventType, InstancePayload payload, NotificationMetadata metadata) =>
            Ids.Writer.TryWrite(payload.Id);
    }

    /// <summary>A typed payload.</summary>
    public sealed record InstancePayload(int Id);

    [Fact]
    public async Task Listener_PayloadDoesNotBind_LoggedAcknowledgedNotRedeliveredAndKeepsListening()
    {
        var logs = new CapturingLoggerFactory();
        var transport = await NewTransportAsync(new TransportOptions { LoggerFactory = logs });
        var topic = NewTopic();
        var endpoint = new TypedPayloadEndpoint();
        await StartListenerAsync(transport, [new Target(topic)], [endpoint],
            new NotificationListenerOptions { AllowRequeue = true, Executor = RpcExecutor.Blocking });
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        await notifier.InfoAsync(null, "bad", new { id = "not a number" });
        await notifier.InfoAsync(null, "good", new { id = 1 });
        await notifier.InfoAsync(null, "good", new { id = 2 });

        using var deadline = new CancellationTokenSource(SignalTimeout);
        Assert.Equal(1, await endpoint.Ids.Reader.ReadAsync(deadline.Token));
        Assert.Equal(2, await endpoint.Ids.Reader.ReadAsync(deadline.Token)); // the bad one was not requeued in between
        await logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("does not bind to InstancePayload", StringComparison.Ordinal), SignalTimeout);
    }

    [Fact]
    public async Task Listener_FilterTimesOutOnPeerValue_LoggedAcknowledgedAndKeepsListening()
    {
        var logs = new CapturingLoggerFactory();
        var transport = await NewTransportAsync(new TransportOptions { LoggerFactory = logs });
        var topic = NewTopic();
        // Catastrophic backtracking on a long run of 'a' not followed by 'b': the filter's match timeout ends it.
        var filtered = new FilteredNotificationEndpoint("f", new NotificationFilter(payload: new Dictionary<string, string> { ["name"] = "(a+)+b" }));
        await StartListenerAsync(transport, [new Target(topic)], [filtered],
            new NotificationListenerOptions { AllowRequeue = true, Executor = RpcExecutor.Blocking });
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        await notifier.InfoAsync(null, "hostile", new { name = new string('a', 64) + "c" });
        await notifier.InfoAsync(null, "fine", new { name = "aab" });
        await notifier.InfoAsync(null, "fine2", new { name = "ab" });

        Assert.Equal("fine", (await filtered.NextAsync(SignalTimeout)).EventType);
        Assert.Equal("fine2", (await filtered.NextAsync(SignalTimeout)).EventType); // the hostile one was not requeued
        await logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("the filter of FilteredNotificationEndpoint took longer", StringComparison.Ordinal), SignalTimeout);
    }

    [Fact]
    public async Task BatchListener_OnePayloadDoesNotBind_OnlyThatOneDropped()
    {
        var logs = new CapturingLoggerFactory();
        var transport = await NewTransportAsync(new TransportOptions { LoggerFactory = logs });
        var topic = NewTopic();
        var endpoint = new TypedBatchEndpoint();
        await StartListenerAsync(transport, [new Target(topic)], [endpoint], BatchOptions(size: 3, allowRequeue: true));
        var notifier = new Notifier(transport, new NotifierOptions { Topics = [topic], ThrowOnSendFailure = true });

        await notifier.InfoAsync(null, "good", new { id = 1 });
        await notifier.InfoAsync(null, "bad", new { id = new[] { 1 } });
        await notifier.InfoAsync(null, "good", new { id = 3 });

        using var deadline = new CancellationTokenSource(SignalTimeout);
        int[] expected = [1, 3];
        Assert.Equal(expected, await endpoint.Batches.Reader.ReadAsync(deadline.Token));
        await logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("does not bind", StringComparison.Ordinal), SignalTimeout);
    }

    /// <summary>A batch endpoint with a typed payload.</summary>
    public sealed class TypedBatchEndpoint
    {
        /// <summary>The ids of each batch.</summary>
        public System.Threading.Channels.Channel<int[]> Batches { get; } = System.Threading.Channels.Channel.CreateUnbounded<int[]>();

        /// <summary>Handles <c>INFO</c> batches.</summary>
        public void Info(IReadOnlyList<NotificationMessage<InstancePayload>> notifications) =>
            Batches.Writer.TryWrite([.. notifications.Select(n => n.Payload.Id)]);
    }

    [Fact]
    public async Task BatchListener_EndpointWithSingleMethods_Rejected()
    {
        var transport = await NewTransportAsync();
        var error = Assert.Throws<ArgumentException>(() =>
            new NotificationListener(transport, [new Target(NewTopic())], [new RecordingNotificationEndpoint("single")], BatchOptions(size: 2)));
        Assert.Contains("a batch listener's methods take a list", error.Message, StringComparison.Ordinal);
    }
}
