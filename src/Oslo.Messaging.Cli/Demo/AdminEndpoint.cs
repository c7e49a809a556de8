using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Cli.Demo;

/// <summary>The demo's namespaced endpoint: namespace <c>admin</c>, version 2.1.</summary>
[RpcEndpoint(Namespace = "admin", Version = "2.1")]
internal sealed class AdminEndpoint(string serverName)
{
    /// <summary>The wire name: <c>status</c>; reachable only with namespace admin and a 2.x version up to 2.1.</summary>
    public string Status(RequestContext context) => $"{serverName} healthy (admin 2.1)";
}
