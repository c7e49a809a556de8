namespace Oslo.Messaging.Notify;

/// <summary>
/// Makes a <see cref="NotificationListener"/> a batch listener (oslo's <c>get_batch_notification_listener</c>): its
/// endpoint methods receive lists of notifications (<see cref="NotificationMessage{TPayload}"/>) instead of one.
/// </summary>
/// <remarks>
/// A batch is handed over when it holds <see cref="Size"/> notifications, or <see cref="Timeout"/> after its first one
/// arrived, whichever comes first; notifications of all the listener's queues (priorities, targets) fill the same
/// batches, and an endpoint method receives those of its priority that its filter matches. When a method asks for a
/// requeue (or throws), every notification of that priority in the batch is requeued (if the listener allows requeue),
/// as oslo's <c>BatchNotificationDispatcher</c>. A stopping listener hands over its partial batch, so its wait still
/// processes every notification it took.
/// </remarks>
/// <param name="Size">The most notifications in one batch (oslo's <c>batch_size</c>; at least 1). On RabbitMQ the
/// consumers' prefetch is raised to at least this, or a batch could never fill.</param>
/// <param name="Timeout">The longest a notification waits for its batch to fill (oslo's <c>batch_timeout</c>); null
/// (oslo's default) waits until the batch is full.</param>
public sealed record NotificationBatch(int Size, TimeSpan? Timeout = null)
{
    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Size"/> below 1, or <see cref="Timeout"/> not positive.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Size, 1, nameof(Size));
        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "The batch timeout must be positive (null = wait until the batch is full)");
        }
    }
}
