using System.Collections.Concurrent;
using Oslo.Messaging;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using TypedContracts;

// dotnet run --project samples/TypedContracts/Server -- rabbit://guest:guest@127.0.0.1:5672/   (Ctrl-C stops)
var url = args.Length > 0 ? args[0] : "rabbit://guest:guest@127.0.0.1:5672/";
var options = new TransportOptions();
options.UseRabbitMq();
await using var transport = await Transport.CreateAsync(url, options);
await using var server = new RpcServer(transport, new Target("inventory", server: Environment.MachineName), [new InventoryApiEndpoint(new Inventory())]);
await server.StartAsync();
Console.WriteLine($"serving {server.Target} on {transport.Url}; Ctrl-C stops");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
await stop.Task;

/// <summary>The implementation: plain C#, no RPC code.</summary>
internal sealed class Inventory : IInventoryApi
{
    private readonly ConcurrentDictionary<string, int> _stock = new(StringComparer.Ordinal) { ["widget"] = 5 };

    public Task<StockLevel> ReserveAsync(RequestContext context, string item, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult(new StockLevel(item, _stock.AddOrUpdate(item, 0, (_, left) => Math.Max(0, left - count))));

    public Task<StockLevel> RestockAsync(RequestContext context, string item, int count) =>
        Task.FromResult(new StockLevel(item, _stock.AddOrUpdate(item, count, (_, left) => left + count)));

    public Task AuditAsync(string reason)
    {
        Console.WriteLine($"audit: {reason}");
        return Task.CompletedTask;
    }
}
