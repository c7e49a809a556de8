using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Hosting.Internal;

internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Name} failed to start")]
    public static partial void StartFailed(ILogger logger, string name, Exception error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "{Name}: the host's shutdown timeout elapsed before the requests in flight finished; they are abandoned (raise HostOptions.ShutdownTimeout to let them finish)")]
    public static partial void StopTimedOut(ILogger logger, string name);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Configuration {Key} = \"{Value}\" ignored: {Reason}")]
    public static partial void OptionIgnored(ILogger logger, string key, string value, string reason);
}
