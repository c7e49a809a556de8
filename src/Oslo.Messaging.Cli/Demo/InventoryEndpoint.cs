using System.Collections.Concurrent;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Cli.Demo;

/// <summary>The demo's main endpoint (null namespace, version 1.2); one instance per server.</summary>
/// <param name="serverName">The server hosting this instance, returned by <see cref="Whoami"/>.</param>
/// <param name="inbox">Records received casts.</param>
/// <param name="release">Completes when <see cref="HangAsync"/> may return (after the demo's timeout step).</param>
[RpcEndpoint(Version = "1.2")]
internal sealed class InventoryEndpoint(string serverName, CastInbox inbox, Task release)
{
    private readonly ConcurrentDictionary<string, int> _stock = new(StringComparer.Ordinal) { ["widget"] = 5 };

    /// <summary>The wire name: <c>whoami</c>.</summary>
    public string Whoami(RequestContext context) => serverName;

    /// <summary>Takes <paramref name="count"/> items out of stock and returns what is left.</summary>
    [ExpectedExceptions(typeof(OutOfStockException))]
    public int Reserve(RequestContext context, string item, int count)
    {
        while (true)
        {
            var available = _stock.GetValueOrDefault(item);
            if (count > available)
            {
                throw OutOfStockException.For(item, count, available);
            }
            if (_stock.TryUpdate(item, available - count, available))
            {
                return available - count;
            }
        }
    }

    /// <summary>Fails with an exception the client has not allow-listed: it arrives as a RemoteError.</summary>
    public void Crash(RequestContext context, string reason) => throw new InvalidOperationException(reason);

    /// <summary>Does not answer until the demo releases it: the caller's timeout fires first.</summary>
    public async Task<string> HangAsync(RequestContext context)
    {
        await release.ConfigureAwait(false);
        return "released";
    }

    /// <summary>A cast target: records that this server got <paramref name="message"/>.</summary>
    public void Notify(RequestContext context, string message) => inbox.Record(serverName, message);
}
