namespace Oslo.Messaging.Hosting;

/// <summary>
/// The request context of the RPC request or notification a dependency-injection scope serves (registered scoped).
/// Services created in its scope (the endpoint and anything it depends on) can inject it, or
/// <see cref="RequestContext"/> directly, to read the caller's user, project or request id without passing the context
/// down every call.
/// </summary>
public sealed class RequestContextAccessor
{
    /// <summary>The context of the request or notification this scope serves; null in a scope that serves none (or a
    /// batch of notifications, whose members have a context each).</summary>
    public RequestContext? Context { get; internal set; }
}
