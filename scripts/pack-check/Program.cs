// The user's side of scripts/pack-check.sh: a console program built against the packed packages (never the
// repository's projects), making calls on memory:// with each package's entry point and checking the answers.
// The script copies this folder into a throwaway project; it is not part of the solution. `pdb ...` runs PdbCheck.
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using PackCheck;
using Oslo.Messaging;
using Oslo.Messaging.Configuration;
using Oslo.Messaging.Hosting;
using Oslo.Messaging.Notify;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

if (args is ["pdb", ..])
{
    return PdbCheck.Run(args);
}

var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {what}");
    if (!ok)
    {
        failures++;
    }
}

using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
var spans = new List<Activity>();
using (Sdk.CreateTracerProviderBuilder().AddOsloMessagingInstrumentation().AddProcessor(new Collect(spans)).Build())
{
    // Oslo.Messaging: the README's quick start, by hand.
    await using var transport = await Transport.CreateAsync("memory://", cancellationToken: timeout.Token);
    await using var server = new RpcServer(transport, new Target("calculator", server: "calc-1"), [new Calculator()]);
    await server.StartAsync(timeout.Token);
    var client = new RpcClient(transport, new Target("calculator"));
    var sum = await client.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 }, timeout.Token);
    Check(sum == 5, $"Oslo.Messaging: add(a=2, b=3) on memory:// = {sum}");

    // Oslo.Messaging: a typed contract, through the source generator the package carries.
    await using var typedServer = new RpcServer(transport, new Target("adder", server: "adder-1"), [new AdderEndpoint(new Adder())]);
    await typedServer.StartAsync(timeout.Token);
    IAdder adder = new AdderClient(transport);
    var typedSum = await adder.AddAsync(new RequestContext(), 4, 5, timeout.Token);
    Check(typedSum == 9, $"Oslo.Messaging (generated AdderClient/AdderEndpoint): add(a=4, b=5) = {typedSum}");

    // Oslo.Messaging: the test notifier users assert on in their own tests.
    var recorder = new TestNotificationDriver();
    var notifier = new Notifier(transport, new NotifierOptions { PublisherId = "pack.check", Drivers = [recorder] });
    await notifier.InfoAsync(new RequestContext(), "thing.created", new { id = 1 }, timeout.Token);
    Check(recorder.Sent is [{ EventType: "thing.created", PublisherId: "pack.check" }],
        $"Oslo.Messaging: TestNotificationDriver recorded {string.Join(", ", recorder.Sent.Select(n => n.EventType))}");
}
Check(spans.Count > 0, $"Oslo.Messaging.OpenTelemetry: {spans.Count} spans ({string.Join(", ", spans.Select(s => s.DisplayName).Distinct())})");

// Oslo.Messaging.RabbitMq: the driver registers (no broker is contacted).
var rabbit = new TransportOptions().UseRabbitMq(new RabbitMqOptions());
Check(rabbit.Drivers.Any(driver => driver.Schemes.Contains("rabbit")), "Oslo.Messaging.RabbitMq: UseRabbitMq() registers rabbit://");

// Oslo.Messaging.Configuration + Oslo.Messaging.Hosting: an oslo config file configures a hosted server; a call
// through the injected client.
var configFile = Path.Combine(AppContext.BaseDirectory, "pack-check.conf");
await File.WriteAllTextAsync(configFile, "[DEFAULT]\ntransport_url = memory://\ncontrol_exchange = packcheck\n", timeout.Token);
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddOsloConfigFile(configFile);
builder.Services.AddOsloMessaging(builder.Configuration)
    .AddRpcServer<Calculator>(new Target("calculator", server: "hosted-1"))
    .AddRpcClient("calculator", new Target("calculator"));
using var host = builder.Build();
await host.StartAsync(timeout.Token);
var hostedClient = host.Services.GetRequiredKeyedService<RpcClient>("calculator");
var hostedSum = await hostedClient.CallAsync<int>(new RequestContext(), "add", new { a = 20, b = 22 }, timeout.Token);
Check(hostedSum == 42, $"Oslo.Messaging.Hosting + Configuration: add(a=20, b=22) through the host = {hostedSum}");
await host.StopAsync(timeout.Token);

Console.WriteLine(failures == 0 ? "pack-check consumer: all checks passed" : $"pack-check consumer: {failures} checks failed");
return failures == 0 ? 0 : 1;

[RpcEndpoint(Version = "1.0")]
internal sealed class Calculator
{
    public int Add(RequestContext context, int a, int b) => a + b;
}

internal sealed class Collect(List<Activity> spans) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        lock (spans)
        {
            spans.Add(data);
        }
    }
}
