using Oslo.Messaging.Contracts;

namespace Oslo.Messaging.Cli.Demo;

/// <summary>The demo's namespaced contract: namespace <c>admin</c>, version 2.1.</summary>
[RpcContract(DemoScenario.Topic, Namespace = "admin", Version = "2.1")]
internal interface IAdminApi
{
    /// <summary>The wire name: <c>status</c>; reachable only with namespace admin and a 2.x version up to 2.1.</summary>
    Task<string> StatusAsync(RequestContext context);
}
