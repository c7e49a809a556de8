using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Hosting.Tests.Support;

/// <summary>What notification endpoints saw: the scoped unit of work's id and the user of the injected context.</summary>
public sealed class NotificationLog
{
    private readonly Channel<(string EventType, int UnitOfWork, string? User)> _seen = Channel.CreateUnbounded<(string, int, string?)>();

    public void Saw(string? eventType, int unitOfWork, string? user) => _seen.Writer.TryWrite((eventType ?? "", unitOfWork, user));

    public async Task<(string EventType, int UnitOfWork, string? User)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestHosts.Wait);
        return await _seen.Reader.ReadAsync(timeout.Token);
    }
}

/// <summary>Depends on a scoped service and on the notification's context.</summary>
public sealed class AuditTrail(UnitOfWork work, RequestContext context, NotificationLog log)
{
    public void Info(RequestContext ctx, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata) =>
        log.Saw(eventType, work.Id, context.UserId);
}

/// <summary>A batch endpoint: every notification of a batch shares one scope.</summary>
public sealed class BatchAuditTrail(UnitOfWork work, NotificationLog log)
{
    public void Info(IReadOnlyList<NotificationMessage<JsonElement>> notifications)
    {
        foreach (var n in notifications)
        {
            log.Saw(n.EventType, work.Id, null);
        }
    }
}

/// <summary>Handles errors, but cannot be constructed.</summary>
public sealed class BrokenNotificationEndpoint
{
    public BrokenNotificationEndpoint() => throw new MissingDatabaseException("the database is not configured");

    public void Error(RequestContext ctx, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata)
    {
    }
}
