using Microsoft.Extensions.Logging;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>Where and how a notifier's drivers send: the transport, the topics, the retries and the logger factory.</summary>
internal sealed record NotificationSendScope(Transport Transport, IReadOnlyList<string> Topics, int? Retry, ILoggerFactory LoggerFactory);
