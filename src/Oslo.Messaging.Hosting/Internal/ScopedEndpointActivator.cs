using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>
/// Endpoints from the container, one scope per request: an endpoint type registered in the container is resolved
/// (with its registered lifetime); one that is not is constructed in the scope with its dependencies injected. The
/// scope's <see cref="RequestContextAccessor"/> holds the request's context.
/// </summary>
internal sealed class ScopedEndpointActivator : RpcEndpointActivator
{
    private readonly IServiceScopeFactory _scopes;
    private readonly Dictionary<Type, ObjectFactory> _factories;

    public ScopedEndpointActivator(IServiceScopeFactory scopes, IEnumerable<Type> endpointTypes)
    {
        _scopes = scopes;
        // Built once per type: ActivatorUtilities.CreateInstance would look the constructor up again on every request.
        _factories = endpointTypes.Distinct().ToDictionary(t => t, t => ActivatorUtilities.CreateFactory(t, Type.EmptyTypes));
    }

    public override RpcEndpointScope BeginRequest(RequestContext context)
    {
        var scope = _scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContextAccessor>().Context = context;
        return new Scope(scope, _factories);
    }

    private sealed class Scope(AsyncServiceScope scope, Dictionary<Type, ObjectFactory> factories) : RpcEndpointScope
    {
        public override object GetEndpoint(Type endpointType)
        {
            try
            {
                return scope.ServiceProvider.GetService(endpointType) ?? factories[endpointType](scope.ServiceProvider, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                // The caller should see the constructor's own exception, not reflection's wrapper.
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }

        public override ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
