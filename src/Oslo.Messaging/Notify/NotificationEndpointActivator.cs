namespace Oslo.Messaging.Notify;

/// <summary>
/// Supplies the endpoint objects of a listener built from endpoint types
/// (<see cref="NotificationListener(Transports.Transport, IEnumerable{Target}, IEnumerable{Type}, NotificationEndpointActivator, NotificationListenerOptions?)"/>):
/// each notification (each batch, for a batch listener) that some endpoint method handles gets a fresh
/// <see cref="NotificationEndpointScope"/>, asks it for the endpoints, and disposes it once the endpoints ran, before
/// the notification is acknowledged or requeued. A dependency-injection container implements it with one container
/// scope per notification (Oslo.Messaging.Hosting does), so per-notification services such as a database context work.
/// </summary>
/// <remarks>The endpoint types' methods are described once when the listener is created; only the objects they run on
/// come from the scope. The filter of a type implementing <see cref="IFilteredNotificationEndpoint"/> is read from the
/// scope's object, so it is created even for a notification its filter then skips.</remarks>
public abstract class NotificationEndpointActivator
{
    /// <summary>Begins one notification's (or one batch's) scope, on the worker that processes it.</summary>
    /// <param name="context">The notification's context; null for a batch (its notifications have one each).</param>
    /// <returns>The scope; the listener disposes it after the endpoints ran.</returns>
    /// <remarks>An exception thrown here, or by <see cref="NotificationEndpointScope.GetEndpoint"/>, counts as the
    /// endpoint's failure: the notification is requeued when the listener allows it, otherwise acknowledged and the
    /// failure logged; the listener goes on.</remarks>
    public abstract NotificationEndpointScope BeginNotification(RequestContext? context);
}
