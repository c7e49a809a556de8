using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Footprint;

/// <summary>
/// The child process of <see cref="PlainConnectionFootprintTests"/>: this test assembly run as a program
/// (<c>Oslo.Messaging.RabbitMq.Tests plain-connection-probe</c>). It serves and calls one RPC over a plain
/// <c>rabbit://</c> connection with a reflected endpoint, then prints what the process loaded: <c>answered: </c> the
/// reply, <c>assembly: </c> each managed assembly, <c>native: </c> each mapped shared library.
/// </summary>
/// <remarks>A process of its own because what the test host (xunit, the other tests) loaded would hide what the
/// library loads. Kept to what a user's service does: nothing here may name TLS, compression or expression types.</remarks>
internal static class PlainConnectionProbe
{
    public const string Command = "plain-connection-probe";

    public static async Task<int> RunAsync()
    {
        var url = TestBroker.Url;
        var topic = TestBroker.Unique("footprint");
        await using (var transport = await Transport.CreateAsync(url, new TransportOptions().UseRabbitMq()))
        {
            await using var server = new RpcServer(transport, new Target(topic, "probe"), [new EchoEndpoint("probe")]);
            await server.StartAsync();
            var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
            var reply = await client.CallAsync<string>(new RequestContext(), "echo", new { value = "plain" });
            Console.WriteLine("answered: " + reply);
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            Console.WriteLine("assembly: " + assembly.GetName().Name);
        }

        // /proc/self/maps: one line per mapping, the file's path last (Linux only; elsewhere no native line).
        if (File.Exists("/proc/self/maps"))
        {
            foreach (var path in File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                         .Where(f => f.Length >= 6 && f[5].StartsWith('/')).Select(f => f[5]).Distinct())
            {
                Console.WriteLine("native: " + path);
            }
        }

        return 0;
    }
}
