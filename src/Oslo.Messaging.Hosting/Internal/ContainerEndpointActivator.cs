using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>
/// Endpoints from the container, one scope per RPC request or notification (per batch for a batch listener): an
/// endpoint type registered in the container is resolved (with its registered lifetime); one that is not is
/// constructed in the scope with its dependencies injected. The scope's <see cref="RequestContextAccessor"/> holds the
/// request's or notification's context. Serves both <see cref="RpcServer"/> and <see cref="NotificationListener"/>
/// through the two small adapters below, so the two kinds of endpoint get the same container semantics.
/// </summary>
internal sealed class ContainerEndpointActivator
{
    private readonly IServiceScopeFactory _scopes;
    private readonly Dictionary<Type, ObjectFactory> _factories;

    public ContainerEndpointActivator(IServiceScopeFactory scopes, IEnumerable<Type> endpointTypes)
    {
        _scopes = scopes;
        // Built once per type: ActivatorUtilities.CreateInstance would look the constructor up again on every message.
        _factories = endpointTypes.Distinct().ToDictionary(t => t, t => ActivatorUtilities.CreateFactory(t, Type.EmptyTypes));
    }

    public RpcEndpointActivator ForRpc() => new RpcActivator(this);

    public NotificationEndpointActivator ForNotifications() => new NotificationActivator(this);

    private AsyncServiceScope Begin(RequestContext? context)
    {
        var scope = _scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContextAccessor>().Context = context;
        return scope;
    }

    private object Get(AsyncServiceScope scope, Type endpointType)
    {
        try
        {
            return scope.ServiceProvider.GetService(endpointType) ?? _factories[endpointType](scope.ServiceProvider, null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            // The caller (and the log) should see the constructor's own exception, not reflection's wrapper.
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private sealed class RpcActivator(ContainerEndpointActivator owner) : RpcEndpointActivator
    {
        public override RpcEndpointScope BeginRequest(RequestContext context) => new RpcScope(owner, owner.Begin(context));
    }

    private sealed class RpcScope(ContainerEndpointActivator owner, AsyncServiceScope scope) : RpcEndpointScope
    {
        public override object GetEndpoint(Type endpointType) => owner.Get(scope, endpointType);

        public override ValueTask DisposeAsync() => scope.DisposeAsync();
    }

    private sealed class NotificationActivator(ContainerEndpointActivator owner) : NotificationEndpointActivator
    {
        public override NotificationEndpointScope BeginNotification(RequestContext? context) => new NotificationScope(owner, owner.Begin(context));
    }

    private sealed class NotificationScope(ContainerEndpointActivator owner, AsyncServiceScope scope) : NotificationEndpointScope
    {
        public override object GetEndpoint(Type endpointType) => owner.Get(scope, endpointType);

        public override ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
