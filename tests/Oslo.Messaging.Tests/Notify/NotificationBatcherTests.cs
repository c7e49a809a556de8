using System.Text.Json;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Notify.Internal;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Notify;

public sealed class NotificationBatcherTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly List<string[]> _batches = [];

    private NotificationBatcher NewBatcher(int size, TimeSpan? timeout) =>
        new(new NotificationBatch(size, timeout), (batch, _) =>
        {
            lock (_batches)
            {
                _batches.Add([.. batch.Select(p => p.Notification.EventType!)]);
            }

            return ValueTask.CompletedTask;
        }, _time);

    private static PendingNotification Pending(string eventType) =>
        new(new ReceivedNotification(NotificationPriority.Info, new RequestContext(), "p", eventType, default(JsonElement), new NotificationMetadata(null, null)),
            new NoSettlement());

    [Fact]
    public async Task Add_FillsBatch_HandsItOverAtOnce()
    {
        var batcher = NewBatcher(2, timeout: null);

        await batcher.AddAsync(Pending("a"), CancellationToken.None);
        Assert.Empty(_batches);
        await batcher.AddAsync(Pending("b"), CancellationToken.None);

        Assert.Equal([["a", "b"]], _batches);
    }

    [Fact]
    public async Task Timeout_CountsFromTheBatchsFirstNotification()
    {
        var batcher = NewBatcher(10, TimeSpan.FromSeconds(1));
        await batcher.AddAsync(Pending("a"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        await batcher.AddAsync(Pending("b"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Empty(_batches);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        await batcher.CompleteAsync(); // waits for the timed-out batch to be handed over

        Assert.Equal([["a", "b"]], _batches);
    }

    [Fact]
    public async Task Timeout_OfABatchThatAlreadyWentOutFull_DoesNothingToTheNext()
    {
        var batcher = NewBatcher(2, TimeSpan.FromSeconds(1));
        await batcher.AddAsync(Pending("a"), CancellationToken.None);
        await batcher.AddAsync(Pending("b"), CancellationToken.None); // full: out, its timer cancelled
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await batcher.AddAsync(Pending("c"), CancellationToken.None); // a new batch, its own timer
        _time.Advance(TimeSpan.FromMilliseconds(600)); // the first batch's second would have passed
        Assert.Equal([["a", "b"]], _batches);

        _time.Advance(TimeSpan.FromMilliseconds(400));
        await batcher.CompleteAsync();
        Assert.Equal([["a", "b"], ["c"]], _batches);
    }

    [Fact]
    public async Task Complete_HandsOverThePartialBatch_AndLaterAddsAtOnce()
    {
        var batcher = NewBatcher(10, timeout: null);
        await batcher.AddAsync(Pending("a"), CancellationToken.None);

        await batcher.CompleteAsync();
        await batcher.AddAsync(Pending("late"), CancellationToken.None);

        Assert.Equal([["a"], ["late"]], _batches);
    }

    [Fact]
    public async Task Options_BadBatch_Rejected()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        Assert.Throws<ArgumentOutOfRangeException>(() => new NotificationListener(transport, [new Target("t")], [new object()],
            new NotificationListenerOptions { Batch = new NotificationBatch(0) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NotificationListener(transport, [new Target("t")], [new object()],
            new NotificationListenerOptions { Batch = new NotificationBatch(5, TimeSpan.Zero) }));
    }

    private sealed class NoSettlement : IMessageSettlement
    {
        public ValueTask SettleAsync(DeliveryOutcome outcome) => ValueTask.CompletedTask;
    }
}
