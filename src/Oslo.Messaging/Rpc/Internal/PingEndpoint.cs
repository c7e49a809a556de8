namespace Oslo.Messaging.Rpc.Internal;

/// <summary>oslo's ping endpoint (<c>rpc_ping_enabled</c>): null namespace, version 1.0, <c>oslo_rpc_server_ping</c> answers "pong".</summary>
internal sealed class PingEndpoint
{
    public const string MethodName = "oslo_rpc_server_ping";

    [RpcMethod(MethodName)]
    public string Ping(RequestContext context) => "pong";
}
