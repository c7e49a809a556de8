using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace WorkerService.Inventory;

internal static partial class WorkerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{User} reserved {Count} {Item} ({Total} in all)")]
    public static partial void Reserved(ILogger logger, string? user, int count, string item, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "{EventType} from {PublisherId}: {Payload}")]
    public static partial void Event(ILogger logger, string? eventType, string? publisherId, JsonElement payload);
}
