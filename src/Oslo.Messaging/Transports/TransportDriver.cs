namespace Oslo.Messaging.Transports;

/// <summary>
/// The seam between the RPC core and a messaging system. A driver moves opaque, already-encoded bodies
/// (the oslo JSON envelope the core writes) between addresses; it knows nothing of RPC semantics.
/// </summary>
/// <remarks>
/// <para>The seam's types (this class, <see cref="TransportListener"/>, <see cref="ITransportDriverFactory"/>,
/// <see cref="IMessageHandler"/>, <see cref="IncomingMessage"/>, <see cref="Destination"/>, <see cref="SendOptions"/>)
/// are public for transport packages such as the RabbitMQ driver; applications never need them.</para>
/// Contract every driver honours (and the conformance suite checks):
/// <list type="bullet">
/// <item>messages of RPC listeners are acknowledged on receipt, before the handler runs (oslo's at-most-once);</item>
/// <item>messages of notification listeners (<see cref="ListenForNotificationsAsync"/>) are acknowledged or requeued
/// only when the handler settles them (<see cref="IMessageSettlement"/>), which may be after the handler returned and
/// after the listener stopped, until it is disposed; a message not yet handed to the handler when the listener stops, or
/// still unsettled when it is disposed, stays on (or goes back to) the queue; a queue bound several times (a pool) receives one copy per matching publish; a temporary queue
/// (<see cref="QueueBinding.Temporary"/>) is deleted when its listener is disposed;</item>
/// <item>a notification destination also declares, with the shared-queue flags, the queue named like its routing key
/// and binds it, so notifications are kept while no listener runs;</item>
/// <item><see cref="StartReplyConsumerAsync"/> is called at most once per driver: one reply address shared by all calls,
/// kept for the driver's life (re-created under the same name if the broker loses it);</item>
/// <item>a topic destination reaches one listener of the topic, a server destination only that server, fanout every listener;</item>
/// <item>send failures surface as <see cref="Exceptions.MessageDeliveryFailureException"/> or
/// <see cref="Exceptions.MessageUndeliverableException"/>; cancellation as <see cref="OperationCanceledException"/>.</item>
/// </list>
/// </remarks>
public abstract class TransportDriver : IAsyncDisposable
{
    /// <summary>Sends one encoded message; returns once the messaging system has accepted it.</summary>
    /// <param name="destination">Where to.</param>
    /// <param name="body">The encoded body; not retained after the returned task completes.</param>
    /// <param name="options">Time to live, mandatory flag, retries.</param>
    /// <param name="cancellationToken">Cancels waiting for a connection or a confirm.</param>
    public abstract ValueTask SendAsync(Destination destination, ReadOnlyMemory<byte> body, SendOptions options, CancellationToken cancellationToken);

    /// <summary>Starts the driver's single reply consumer and returns its reply address (e.g. <c>reply_&lt;hex&gt;</c>).</summary>
    public abstract ValueTask<string> StartReplyConsumerAsync(IMessageHandler handler, CancellationToken cancellationToken);

    /// <summary>Starts consuming the topic, topic.server and fanout addresses of a server target.</summary>
    public abstract ValueTask<TransportListener> ListenAsync(Target target, IMessageHandler handler, CancellationToken cancellationToken);

    /// <summary>Declares the queues of <paramref name="bindings"/> (shared-queue flags, no expiry), binds each as listed
    /// and consumes them, settling each message when <paramref name="handler"/> says (after processing it). Unsettled
    /// deliveries per consumer are bounded (if at all) by no less than <see cref="IAcknowledgingMessageHandler.BatchSize"/>.</summary>
    /// <exception cref="NotSupportedException">The driver has no notification listeners (the default implementation).</exception>
    public virtual ValueTask<TransportListener> ListenForNotificationsAsync(IReadOnlyList<QueueBinding> bindings,
        IAcknowledgingMessageHandler handler, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The transport driver {GetType().Name} does not support notification listeners.");

    /// <summary>Closes every connection of the driver. Idempotent.</summary>
    public abstract ValueTask DisposeAsync();
}
