using Oslo.Messaging.Contracts;

namespace Oslo.Messaging.Hosting.Tests.Support;

/// <summary><see cref="Orders"/> as a typed contract, served per request scope through its generated endpoint.</summary>
[RpcContract("typed_orders", Version = "1.0")]
public interface ITypedOrdersApi
{
    /// <summary>The id of the request's <see cref="Support.UnitOfWork"/>.</summary>
    Task<int> UnitOfWorkAsync(RequestContext context);

    /// <summary>The user of the context injected in the scope, when it is the request's.</summary>
    Task<string?> UserAsync(RequestContext context);
}

/// <summary>Depends on a scoped service and on the request's context, as <see cref="Orders"/>.</summary>
public sealed class TypedOrders(UnitOfWork work, RequestContext scopeContext, RequestContextAccessor accessor) : ITypedOrdersApi
{
    public Task<int> UnitOfWorkAsync(RequestContext context) => Task.FromResult(work.Id);

    public Task<string?> UserAsync(RequestContext context) =>
        Task.FromResult(ReferenceEquals(accessor.Context, context) ? scopeContext.UserId : "accessor differs");
}
