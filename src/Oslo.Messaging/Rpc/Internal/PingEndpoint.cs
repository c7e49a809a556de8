using Oslo.Messaging.Contracts;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>oslo's ping endpoint (<c>rpc_ping_enabled</c>): null namespace, version 1.0, <c>oslo_rpc_server_ping</c>
/// answers "pong". Bound by hand like a generated contract endpoint, so ping needs no reflection (Native AOT).</summary>
internal sealed class PingEndpoint : ContractEndpoint
{
    public const string MethodName = "oslo_rpc_server_ping";

    private static readonly ValueTask<object?> Pong = new("pong");

    public PingEndpoint()
        : base(new object(), @namespace: null, version: null, [new ContractMethod(MethodName, "Ping", typeof(string), static (_, _, _, _) => Pong)])
    {
    }
}
