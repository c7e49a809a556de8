using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Cli.Tests.Support;

/// <summary>A namespaced, versioned endpoint for --namespace/--version tests.</summary>
[RpcEndpoint(Namespace = "admin", Version = "2.1")]
internal sealed class AdminTestEndpoint
{
    public string Status(RequestContext context) => "admin ok";
}
