namespace Oslo.Messaging.Transports;

/// <summary>
/// Settles one message of a notification listener once it was processed: the driver acknowledges it or puts it back
/// on its queue. Given by the driver with the message to an <see cref="IAcknowledgingMessageHandler"/>.
/// </summary>
/// <remarks>
/// Only the first call counts; later ones are ignored. A message still unsettled when its listener is disposed goes
/// back to the queue (as RabbitMQ does with unacknowledged messages of a closed channel), and so does one whose
/// connection was lost before the settlement (the broker redelivers it: at-least-once, as oslo's listeners).
/// Settling never throws: a failure to reach the broker is logged by the driver.
/// </remarks>
public interface IMessageSettlement
{
    /// <summary>Acknowledges or requeues the message as <paramref name="outcome"/> says.</summary>
    ValueTask SettleAsync(DeliveryOutcome outcome);
}
