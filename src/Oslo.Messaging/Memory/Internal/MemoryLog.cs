using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Memory.Internal;

internal static partial class MemoryLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Message handler for memory queue {Queue} failed")]
    public static partial void HandlerFailed(ILogger logger, string queue, Exception exception);
}
