using Microsoft.Extensions.Logging;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Notify;

/// <summary>Options of a <see cref="Notifier"/> (oslo's <c>Notifier</c> arguments and <c>[oslo_messaging_notifications]</c>).</summary>
/// <remarks>Immutable: a notifier copies what it needs when it is created.</remarks>
public sealed record NotifierOptions
{
    /// <summary>The publisher id (e.g. <c>compute.host1</c>); default null (sent as JSON null, as oslo does).</summary>
    public string? PublisherId { get; init; }

    /// <summary>The topics each notification goes to (oslo's <c>topics</c>); default <c>["notifications"]</c>.</summary>
    public IReadOnlyList<string> Topics { get; init; } = ["notifications"];

    /// <summary>The drivers (oslo's <c>driver</c>); default <see cref="NotificationDriver.MessagingV2"/> alone.</summary>
    public IReadOnlyList<NotificationDriver> Drivers { get; init; } = [NotificationDriver.MessagingV2];

    /// <summary>Connection retries of each send (oslo's <c>retry</c>): null or -1 (default) = until the send is
    /// cancelled, 0 = none, N = at most N.</summary>
    public int? Retry { get; init; }

    /// <summary>The serializer the payload and context go through; default <see cref="JsonRpcSerializer.Default"/>.</summary>
    public RpcSerializer Serializer { get; init; } = JsonRpcSerializer.Default;

    /// <summary>
    /// False (default, as oslo): a failed send is logged and the notify task completes with <c>false</c>. True: the task
    /// fails with the send's exception (after every driver has been tried), for callers that must know.
    /// </summary>
    public bool ThrowOnSendFailure { get; init; }

    /// <summary>Where the notifier logs (and where the <c>log</c> driver writes); null (default) uses the transport's.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
