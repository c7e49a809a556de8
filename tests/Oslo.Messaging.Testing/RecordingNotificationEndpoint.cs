using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Testing;

/// <summary>One notification an endpoint of the suite received.</summary>
public sealed record ReceivedNotificationRecord(string Endpoint, string Priority, RequestContext Context, string? PublisherId,
    string? EventType, JsonElement Payload, NotificationMetadata Metadata);

/// <summary>
/// A notification endpoint handling Info, Warn and Error that records what it receives into a shared log and answers
/// with <see cref="Reply"/> (default: handled); optionally filtered.
/// </summary>
public class RecordingNotificationEndpoint(string name, Channel<ReceivedNotificationRecord>? log = null)
{
    /// <summary>Every notification received, by every endpoint sharing the channel, in order.</summary>
    public Channel<ReceivedNotificationRecord> Log { get; } = log ?? Channel.CreateUnbounded<ReceivedNotificationRecord>();

    /// <summary>Decides the result of each call; may throw or block. Default: handled.</summary>
    public Func<ReceivedNotificationRecord, Task<NotificationResult>> Reply { get; set; } = _ => Task.FromResult(NotificationResult.Handled);

    /// <summary>Handles <c>INFO</c>.</summary>
    public Task<NotificationResult> Info(RequestContext context, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata) =>
        Record("info", context, publisherId, eventType, payload, metadata);

    /// <summary>Handles <c>WARN</c>.</summary>
    public Task<NotificationResult> Warn(RequestContext context, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata) =>
        Record("warn", context, publisherId, eventType, payload, metadata);

    /// <summary>Handles <c>ERROR</c>.</summary>
    public Task<NotificationResult> ErrorAsync(RequestContext context, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata,
        CancellationToken cancellationToken) => Record("error", context, publisherId, eventType, payload, metadata);

    /// <summary>The next record, waiting up to <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Nothing arrived in time.</exception>
    public async Task<ReceivedNotificationRecord> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await Log.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No notification within {timeout.TotalSeconds} s");
        }
    }

    private Task<NotificationResult> Record(string priority, RequestContext context, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata)
    {
        var record = new ReceivedNotificationRecord(name, priority, context, publisherId, eventType, payload.Clone(), metadata);
        Log.Writer.TryWrite(record);
        return Reply(record);
    }
}

/// <summary>A <see cref="RecordingNotificationEndpoint"/> with a filter.</summary>
public sealed class FilteredNotificationEndpoint(string name, NotificationFilter filter, Channel<ReceivedNotificationRecord>? log = null)
    : RecordingNotificationEndpoint(name, log), IFilteredNotificationEndpoint
{
    /// <inheritdoc/>
    public NotificationFilter Filter { get; } = filter;
}
