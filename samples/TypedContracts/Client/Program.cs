using Oslo.Messaging;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using TypedContracts;

// dotnet run --project samples/TypedContracts/Client -- rabbit://guest:guest@127.0.0.1:5672/   (with the server running)
var url = args.Length > 0 ? args[0] : "rabbit://guest:guest@127.0.0.1:5672/";
var options = new TransportOptions();
options.UseRabbitMq();
await using var transport = await Transport.CreateAsync(url, options);

IInventoryApi inventory = new RpcClient(transport, new Target("inventory"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(10) }).For<IInventoryApi>();
var reserved = await inventory.ReserveAsync(new RequestContext { UserId = "alice" }, "widget", 2);
Console.WriteLine($"reserve(widget, 2): {reserved.Left} left");
var restocked = await inventory.RestockAsync(new RequestContext(), "widget", 10);
Console.WriteLine($"restock(widget, 10): {restocked.Left} left");
await inventory.AuditAsync("stock checked");
Console.WriteLine("audit cast sent to every server");

// Prepare overrides stay reachable on the generated client: a version cap of 1.0 refuses restock before sending.
var capped = new InventoryApiClient(transport).Prepare(versionCap: "1.0");
try
{
    await capped.RestockAsync(new RequestContext(), "widget", 1);
}
catch (Oslo.Messaging.Exceptions.RpcVersionCapException ex)
{
    Console.WriteLine($"capped at 1.0: {ex.Message}");
}
