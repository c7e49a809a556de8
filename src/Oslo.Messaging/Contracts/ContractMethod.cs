using System.Text.Json;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Contracts;

/// <summary>Binds a request's <c>args</c> and calls the contract method on <paramref name="implementation"/>; returns its
/// result (null for none). Generated invokers are static (no closure): the implementation comes with each call, so one
/// invoker serves an endpoint bound to an object and one whose object is created per request.</summary>
/// <param name="implementation">The object implementing the contract (the endpoint's instance, or the request's
/// object from the server's <see cref="Rpc.RpcEndpointActivator"/>).</param>
/// <param name="context">The request context, after <see cref="RpcSerializer.DeserializeContext"/>.</param>
/// <param name="args">The request's <c>args</c> object.</param>
/// <param name="serializer">The server's serializer.</param>
public delegate ValueTask<object?> ContractInvoker(object implementation, RequestContext context, JsonElement args, RpcSerializer serializer);

/// <summary>One method of a <see cref="ContractEndpoint"/>, bound at compile time.</summary>
/// <param name="wireName">The name callers use.</param>
/// <param name="name">The .NET method name (for logs and access policies).</param>
/// <param name="resultType">The declared result type (<c>T</c> of <c>Task&lt;T&gt;</c>; <see cref="object"/> for none).</param>
/// <param name="invoke">Binds the arguments and calls the method.</param>
/// <param name="isExpected">Which exceptions belong to the method's contract (<see cref="Rpc.ExpectedExceptionsAttribute"/>): logged at Debug, not Error; null for none.</param>
public sealed class ContractMethod(string wireName, string name, Type resultType, ContractInvoker invoke, Func<Exception, bool>? isExpected = null)
{
    /// <summary>The name callers use.</summary>
    public string WireName { get; } = wireName;

    /// <summary>The .NET method name.</summary>
    public string Name { get; } = name;

    /// <summary>The declared result type.</summary>
    public Type ResultType { get; } = resultType;

    /// <summary>Binds the arguments and calls the method.</summary>
    public ContractInvoker Invoke { get; } = invoke;

    /// <summary>Whether an exception belongs to the method's contract.</summary>
    public Func<Exception, bool>? IsExpected { get; } = isExpected;
}
