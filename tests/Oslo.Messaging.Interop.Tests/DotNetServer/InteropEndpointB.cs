using System.Text.Json;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>The .NET mirror of oslo_server.py's endpoint B: namespace <c>ns2</c>, version 2.1.</summary>
[RpcEndpoint(Namespace = "ns2", Version = "2.1")]
public sealed class InteropEndpointB
{
    public object EchoB(RequestContext context, JsonElement payload) => new { endpoint = "B", payload };
}
