using Oslo.Messaging.Contracts;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Cli.Demo;

/// <summary>The demo's main contract (null namespace, version 1.2); its generated endpoint serves it without reflection,
/// so the demo runs in the native (AOT) oslomsg too.</summary>
[RpcContract(DemoScenario.Topic, Version = "1.2")]
internal interface IInventoryApi
{
    /// <summary>The wire name: <c>whoami</c>; the serving server's name.</summary>
    Task<string> WhoamiAsync(RequestContext context);

    /// <summary>Takes <paramref name="count"/> items out of stock and returns what is left.</summary>
    [ExpectedExceptions(typeof(OutOfStockException))]
    Task<int> ReserveAsync(RequestContext context, string item, int count);

    /// <summary>Fails with an exception the client has not allow-listed: it arrives as a RemoteError.</summary>
    Task CrashAsync(RequestContext context, string reason);

    /// <summary>Does not answer until the demo releases it: the caller's timeout fires first.</summary>
    Task<string> HangAsync(RequestContext context);

    /// <summary>A cast target: records that this server got <paramref name="message"/>.</summary>
    [RpcCast]
    Task NotifyAsync(RequestContext context, string message);
}
