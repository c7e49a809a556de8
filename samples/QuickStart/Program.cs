using Oslo.Messaging;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

await using var transport = await Transport.CreateAsync("memory://");
await using var server = new RpcServer(transport, new Target("calculator", server: "calc-1"), [new Calculator()]);
await server.StartAsync();

var client = new RpcClient(transport, new Target("calculator"));
var sum = await client.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 });
Console.WriteLine($"add(a=2, b=3) = {sum}");

// An endpoint: its public methods taking a RequestContext first are RPC methods ("add" on the wire).
[RpcEndpoint(Version = "1.0")]
internal sealed class Calculator
{
    public int Add(RequestContext context, int a, int b) => a + b;
}
