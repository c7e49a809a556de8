namespace Oslo.Messaging.Rpc;

/// <summary>One request's scope of an <see cref="RpcEndpointActivator"/>: gives the endpoint object the request runs
/// on, and is disposed once the reply has been sent (so a result may still be read from per-request services while it
/// is serialized).</summary>
public abstract class RpcEndpointScope : IAsyncDisposable
{
    /// <summary>The endpoint object of <paramref name="endpointType"/> (one of the types the server was created with)
    /// for this request.</summary>
    /// <exception cref="Exception">Whatever creating the endpoint throws; the server answers the call with it.</exception>
    public abstract object GetEndpoint(Type endpointType);

    /// <summary>Ends the request's scope (disposes what it created for the request).</summary>
    public abstract ValueTask DisposeAsync();
}
