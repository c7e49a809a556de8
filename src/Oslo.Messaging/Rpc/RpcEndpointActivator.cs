namespace Oslo.Messaging.Rpc;

/// <summary>
/// Supplies the endpoint objects of a server built from endpoint types
/// (<see cref="RpcServer(Transports.Transport, Target, IEnumerable{object}, RpcEndpointActivator, RpcServerOptions?)"/>):
/// each request that found its method gets a fresh <see cref="RpcEndpointScope"/>, asks it for the endpoint, and
/// disposes it once the reply has been sent. A dependency-injection container implements it with one container scope
/// per request (Oslo.Messaging.Hosting does), so per-request services such as a database context work in endpoints.
/// </summary>
/// <remarks>
/// The endpoint types are described (methods, versions, namespaces) once when the server is created, exactly as
/// endpoint objects are; only the object a method runs on comes from the scope. Requests that find no method
/// (unknown method, unsupported version) never begin a scope.
/// </remarks>
public abstract class RpcEndpointActivator
{
    /// <summary>Begins one request. Called on the worker that runs the request, before the endpoint is asked for.</summary>
    /// <param name="context">The request's context (as the endpoint method will receive it).</param>
    /// <returns>The request's scope; the server disposes it after the reply (or the failure) has been sent.</returns>
    /// <remarks>An exception thrown here, or by <see cref="RpcEndpointScope.GetEndpoint"/>, is the request's failure:
    /// a call is answered with it, and the server goes on serving.</remarks>
    public abstract RpcEndpointScope BeginRequest(RequestContext context);
}
