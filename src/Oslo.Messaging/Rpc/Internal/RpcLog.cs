using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Rpc.Internal;

// Bodies are never logged, not even their first bytes: a request carries its context (auth tokens included).
internal static partial class RpcLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Dropped a malformed reply from {Source}: {Reason} ({Length} bytes)")]
    public static partial void BadReply(ILogger logger, string source, string reason, int length);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "No calling threads waiting for msg_id {MessageId}; reply dropped")]
    public static partial void NoWaiter(ILogger logger, string messageId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Rejected a malformed message from {Source}: {Reason} (msg_id {MessageId}, {Length} bytes)")]
    public static partial void MalformedRequest(ILogger logger, string source, string reason, string messageId, int length);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Ignoring duplicate message {UniqueId}")]
    public static partial void Duplicate(ILogger logger, string uniqueId);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Expected exception during message handling ({Method}): {Error}")]
    public static partial void ExpectedFailure(ILogger logger, string method, string error);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Exception during message handling ({Method}, msg_id {MessageId})")]
    public static partial void HandlerFailed(ILogger logger, string method, string messageId, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Failed to send the reply to {ReplyQueue} for msg_id {MessageId}")]
    public static partial void ReplyFailed(ILogger logger, string replyQueue, string messageId, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Call monitor timeout {Timeout} gives heartbeats under 1 s apart; not sending any")]
    public static partial void HeartbeatTooFast(ILogger logger, double timeout);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Heartbeat for msg_id {MessageId} failed; no more heartbeats for this call")]
    public static partial void HeartbeatFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "Ignoring call monitor timeout {Timeout} of msg_id {MessageId}: not a finite positive number")]
    public static partial void HeartbeatIgnored(ILogger logger, string messageId, string timeout);

    [LoggerMessage(EventId = 18, Level = LogLevel.Error, Message = "Processing of a request failed outside its handler ({Method}, msg_id {MessageId}); the server goes on")]
    public static partial void RequestCrashed(ILogger logger, string method, string messageId, Exception exception);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "Not answering malformed msg_id {MessageId}: {Limit} failure replies are already being sent")]
    public static partial void MalformedReplyDropped(ILogger logger, string messageId, int limit);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Method {Method} held the consumer for {Milliseconds:F1} ms before it yielded; its requests wait for the executor's workers for the next {Seconds:0.#} s")]
    public static partial void InlineDemoted(ILogger logger, string method, double milliseconds, double seconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Reply to msg_id {MessageId} has unsupported envelope version {Version}; the call fails")]
    public static partial void UnsupportedReplyEnvelope(ILogger logger, string messageId, string version);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "RPC server listening on {Target} with executor {Executor}")]
    public static partial void Started(ILogger logger, Target target, RpcExecutor executor);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "RPC server on {Target} stopped taking messages")]
    public static partial void Stopped(ILogger logger, Target target);
}
