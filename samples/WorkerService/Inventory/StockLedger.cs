using System.Collections.Concurrent;

namespace WorkerService.Inventory;

/// <summary>The worker's state (a singleton): stock per item. A real service would keep it in a database and reach it
/// through a scoped context, which works the same way: endpoints are created per request in a DI scope.</summary>
public sealed class StockLedger
{
    private readonly ConcurrentDictionary<string, int> _reserved = new(StringComparer.Ordinal);

    public int Reserve(string item, int count) => _reserved.AddOrUpdate(item, count, (_, held) => held + count);

    public int Reserved(string item) => _reserved.GetValueOrDefault(item);
}
