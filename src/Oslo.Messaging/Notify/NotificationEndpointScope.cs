namespace Oslo.Messaging.Notify;

/// <summary>One notification's (or batch's) scope of a <see cref="NotificationEndpointActivator"/>: gives the endpoint
/// objects, and is disposed once the endpoints ran, before the notification is settled.</summary>
public abstract class NotificationEndpointScope : IAsyncDisposable
{
    /// <summary>The endpoint object of <paramref name="endpointType"/> (one of the listener's endpoint types) for this
    /// notification. Asked once per type and scope.</summary>
    /// <exception cref="Exception">Whatever creating the endpoint throws; counted as the endpoint's failure.</exception>
    public abstract object GetEndpoint(Type endpointType);

    /// <summary>Ends the scope (disposes what it created for the notification).</summary>
    public abstract ValueTask DisposeAsync();
}
