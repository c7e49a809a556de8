using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Testing;

/// <summary>
/// A batch listener's endpoint handling Info and Error: records each batch (event types, in order) and answers with
/// <see cref="Reply"/> (default: handled).
/// </summary>
public sealed class RecordingBatchEndpoint
{
    /// <summary>Every batch received, as the event types it held.</summary>
    public Channel<string[]> Batches { get; } = Channel.CreateUnbounded<string[]>();

    /// <summary>Decides the result of each call; may throw or block. Default: handled.</summary>
    public Func<string[], Task<NotificationResult>> Reply { get; set; } = _ => Task.FromResult(NotificationResult.Handled);

    /// <summary>Handles <c>INFO</c> batches.</summary>
    public Task<NotificationResult> Info(IReadOnlyList<NotificationMessage<JsonElement>> notifications) => Record(notifications);

    /// <summary>Handles <c>ERROR</c> batches.</summary>
    public Task<NotificationResult> ErrorAsync(IReadOnlyList<NotificationMessage<JsonElement>> notifications, CancellationToken cancellationToken) =>
        Record(notifications);

    /// <summary>The next batch, waiting up to <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Nothing arrived in time.</exception>
    public async Task<string[]> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await Batches.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No batch within {timeout.TotalSeconds} s");
        }
    }

    private Task<NotificationResult> Record(IReadOnlyList<NotificationMessage<JsonElement>> notifications)
    {
        var batch = notifications.Select(n => n.EventType ?? "").ToArray();
        Batches.Writer.TryWrite(batch);
        return Reply(batch);
    }
}
