using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging;
using Oslo.Messaging.Notify;

namespace WorkerService.Inventory;

/// <summary>The notification endpoint: <c>Info</c> receives every <c>notifications.info</c> event (Nova's
/// <c>compute.instance.create.end</c> as well as this worker's own <c>inventory.reserved</c>). Created per
/// notification in a DI scope.</summary>
public sealed class InventoryEvents(ILogger<InventoryEvents> logger)
{
    public void Info(RequestContext context, string? publisherId, string? eventType, JsonElement payload, NotificationMetadata metadata) =>
        WorkerLog.Event(logger, eventType, publisherId, payload);
}
