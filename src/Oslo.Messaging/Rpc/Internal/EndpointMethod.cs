using System.Text.Json;
using Oslo.Messaging.Contracts;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>One invocable endpoint method, whichever way it was bound: by reflection (<see cref="ReflectedMethod"/>)
/// or by generated code (<see cref="ContractMethod"/>), both through a <see cref="ContractInvoker"/>. The endpoint object comes per call, because an endpoint
/// activated per request (<see cref="RpcEndpointActivator"/>) has a new one each time.</summary>
internal sealed class EndpointMethod(RpcMethodDescription description, Type resultType, ContractInvoker invoke, Func<Exception, bool>? isExpected)
{
    public RpcMethodDescription Description { get; } = description;

    public string WireName => Description.WireName;

    /// <summary>The declared result type (T of Task&lt;T&gt;), used to serialize the result.</summary>
    public Type ResultType { get; } = resultType;

    public bool IsExpected(Exception exception) => isExpected is not null && isExpected(exception);

    public ValueTask<object?> InvokeAsync(object endpoint, RequestContext context, JsonElement args, RpcSerializer serializer) =>
        invoke(endpoint, context, args, serializer);
}
