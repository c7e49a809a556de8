using System.Text.Json;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc;

/// <summary>
/// A call's named arguments that write themselves: what generated contract proxies pass to
/// <see cref="RpcClient.CallAsync{TArgs, T}"/>, so no reflection runs (Native AOT) and a struct is never boxed.
/// </summary>
public interface IRpcArguments
{
    /// <summary>Writes each argument as a property of the already opened <c>args</c> object: its wire name, then its
    /// value through <see cref="RpcSerializer.SerializeEntity{T}"/> (the serializer hooks run as for untyped calls).</summary>
    void WriteTo(Utf8JsonWriter writer, RequestContext context, RpcSerializer serializer);
}
