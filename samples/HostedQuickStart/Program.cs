using Microsoft.Extensions.Hosting;
using Oslo.Messaging;
using Oslo.Messaging.Hosting;
using Oslo.Messaging.Rpc;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOsloMessaging(o => o.TransportUrl = "rabbit://guest:guest@localhost:5672/")
    .AddRpcServer<Calculator>(new Target("calculator", server: "calc-1"));
await builder.Build().RunAsync(); // serves until Ctrl-C; then lets calls in flight finish

// Created per request in a DI scope: constructor injection (scoped services included) works.
[RpcEndpoint(Version = "1.0")]
internal sealed class Calculator
{
    public int Add(RequestContext context, int a, int b) => a + b;
}
