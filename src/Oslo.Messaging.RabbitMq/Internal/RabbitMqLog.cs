using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>The driver's log messages. URLs and hosts are always logged masked (no password).</summary>
internal static partial class RabbitMqLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Connected to RabbitMQ {Host} ({Purpose})")]
    public static partial void Connected(ILogger logger, string host, string purpose);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "RabbitMQ host {Host} refused the {Purpose} connection: {Reason}")]
    public static partial void HostFailed(ILogger logger, string host, string purpose, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "AMQP server unreachable for the {Purpose} connection: {Reason}. Trying again in {Delay} s")]
    public static partial void ConnectFailed(ILogger logger, string purpose, string reason, double delay);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Lost the RabbitMQ {Purpose} connection: {Reason}. Reconnecting in {Delay} s")]
    public static partial void ConnectionLost(ILogger logger, string purpose, string reason, double delay);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Could not set up the {Purpose} consumers after connecting: {Reason}. Trying again in {Delay} s")]
    public static partial void SetupFailed(ILogger logger, string purpose, string reason, double delay);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "RabbitMQ connection {Purpose} blocked by the broker: {Reason}")]
    public static partial void Blocked(ILogger logger, string purpose, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "TLS certificate verification is OFF for RabbitMQ at {Url} (RabbitMqOptions.SslInsecureAcceptAnyCertificate): anyone between this process and the broker can pose as the broker and read the password and every message. Use ssl_ca_file instead")]
    public static partial void CertificateVerificationOff(ILogger logger, string url);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Accepted the TLS certificate of RabbitMQ host {Host} WITHOUT verification (SslInsecureAcceptAnyCertificate), although: {Problem}")]
    public static partial void CertificateNotVerified(ILogger logger, string host, string problem);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "RabbitMQ connection {Purpose} unblocked by the broker")]
    public static partial void Unblocked(ILogger logger, string purpose);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Consumer of queue {Queue} lost ({Reason}); re-declaring the queue and consuming again")]
    public static partial void ConsumerLost(ILogger logger, string queue, string reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Consuming from queue {Queue} again")]
    public static partial void ConsumerRecovered(ILogger logger, string queue);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Could not recover the consumer of queue {Queue}: {Reason}. Trying again in {Delay} s")]
    public static partial void ConsumerRecoveryFailed(ILogger logger, string queue, string reason, double delay);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Failed to acknowledge a message of queue {Queue}; not handling it (the broker delivers it again): {Reason}")]
    public static partial void AckFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(EventId = 114, Level = LogLevel.Error, Message = "The message handler of queue {Queue} threw; message dropped")]
    public static partial void HandlerFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "Queue check of {Queue} found {Problem}; recovering it")]
    public static partial void QueueCheckFailed(ILogger logger, string queue, string problem);

    [LoggerMessage(EventId = 117, Level = LogLevel.Error, Message = "Message of {Size} bytes on queue {Queue} is larger than MaxMessageSize ({Limit} bytes); rejected without requeue")]
    public static partial void MessageTooLarge(ILogger logger, string queue, int size, int limit);

    [LoggerMessage(EventId = 116, Level = LogLevel.Debug, Message = "Could not delete fanout queue {Queue}; it expires on its own: {Reason}")]
    public static partial void FanoutDeleteFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Reply queue {Queue} missing (NO_ROUTE); retrying for {Seconds} s")]
    public static partial void ReplyQueueMissing(ILogger logger, string queue, double seconds);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Send to {Destination} failed ({Reason}); retrying in {Delay} s")]
    public static partial void SendRetry(ILogger logger, string destination, string reason, double delay);

    [LoggerMessage(EventId = 123, Level = LogLevel.Warning, Message = "Reply queue {Queue} missing (NO_ROUTE); reply dropped without retry: {Limit} replies are already waiting for missing reply queues")]
    public static partial void ReplyRetriesFull(ILogger logger, string queue, int limit);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning, Message = "The reply queue {Queue} could not be declared yet ({Reason}); it will be declared as soon as the broker is reachable")]
    public static partial void ReplyQueueDeferred(ILogger logger, string queue, string reason);

    [LoggerMessage(EventId = 150, Level = LogLevel.Warning, Message = "rabbit_qos_prefetch_count {Prefetch} is below the batch size {BatchSize} of the notification listener on queue {Queue}: a batch could never fill; using {BatchSize}")]
    public static partial void PrefetchBelowBatch(ILogger logger, int prefetch, int batchSize, string queue);

    [LoggerMessage(EventId = 151, Level = LogLevel.Debug, Message = "Not settling a message of queue {Queue}: its channel closed meanwhile, so the broker delivers it again")]
    public static partial void SettleOnClosedChannel(ILogger logger, string queue);

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "Queue {Queue} is consumed by another connection (another process with the same hostname and processname?); taking the queue manager's next name {Next}")]
    public static partial void QueueNameTaken(ILogger logger, string queue, string next);

    [LoggerMessage(EventId = 131, Level = LogLevel.Warning, Message = "Exchange or queue {Queue} exists non-durable on the broker ({Reason}); declaring them non-durable, as oslo does. Set amqp_durable_queues/rabbit_quorum_queue as the other services of the cloud")]
    public static partial void DurableFallback(ILogger logger, string queue, string reason);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "Exchange {Exchange} exists non-durable on the broker ({Reason}); force creating a non durable exchange, as oslo does")]
    public static partial void ExchangeDurableFallback(ILogger logger, string exchange, string reason);

    [LoggerMessage(EventId = 133, Level = LogLevel.Error, Message = "Message on queue {Queue} has header compression={Compression} and cannot be decompressed ({Problem}); rejected without requeue")]
    public static partial void MessageNotDecompressed(ILogger logger, string queue, string compression, string problem);

    [LoggerMessage(EventId = 134, Level = LogLevel.Warning, Message = "Stream {Queue} cancelled the consumer; consuming again from the next new message (offset {Offset} dropped)")]
    public static partial void StreamOffsetReset(ILogger logger, string queue, long offset);

    [LoggerMessage(EventId = 140, Level = LogLevel.Warning, Message = "The send channel that received direct replies closed ({Reason}): replies still on their way to it are lost, and their calls fail at their timeout")]
    public static partial void DirectRepliesLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 141, Level = LogLevel.Warning, Message = "RabbitMQ refused to consume amq.rabbitmq.reply-to ({Reason}); calls use only their reply queue from now on")]
    public static partial void DirectRepliesUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 142, Level = LogLevel.Error, Message = "Direct reply of {Size} bytes is larger than MaxMessageSize ({Limit} bytes); dropped")]
    public static partial void DirectReplyTooLarge(ILogger logger, int size, int limit);

    [LoggerMessage(EventId = 143, Level = LogLevel.Error, Message = "The reply handler threw on a direct reply; reply dropped")]
    public static partial void DirectReplyHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 144, Level = LogLevel.Debug, Message = "Closing a replaced send channel failed")]
    public static partial void ChannelCloseFailed(ILogger logger, Exception exception);
}
