using Microsoft.Extensions.Logging;
using Oslo.Messaging;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;

namespace WorkerService.Inventory;

/// <summary>The RPC endpoint (methods <c>reserve</c> and <c>reserved</c> on the wire), created per request in a DI
/// scope, so it may depend on scoped services; the request's context is injectable too.</summary>
[RpcEndpoint(Version = "1.0")]
public sealed class InventoryEndpoint(StockLedger ledger, Notifier notifier, ILogger<InventoryEndpoint> logger)
{
    /// <summary>Reserves <paramref name="count"/> of <paramref name="item"/>, emits <c>inventory.reserved</c>, returns
    /// the total reserved.</summary>
    public async Task<int> Reserve(RequestContext context, string item, int count)
    {
        var total = ledger.Reserve(item, count);
        WorkerLog.Reserved(logger, context.UserId, count, item, total);
        await notifier.InfoAsync(context, "inventory.reserved", new { item, count, total });
        return total;
    }

    public int Reserved(RequestContext context, string item) => ledger.Reserved(item);
}
