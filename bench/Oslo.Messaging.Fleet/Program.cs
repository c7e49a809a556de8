using System.Diagnostics;
using System.Globalization;
using Oslo.Messaging;
using Oslo.Messaging.Fleet;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

// Fleet-scale simulation: N RPC servers on topic `compute` named host-1 .. host-N in one process, on one transport
// (as many services in one process would share it). Per N it prints one line of JSON with: connections and channels
// on the broker (counted by the control command given with --ctl) and the broker's memory, managed and process memory per server, time to
// start and to stop all, a fanout cast's time until all N have it, and calls/s to random servers.
//
//   dotnet run -c Release --project bench/Oslo.Messaging.Fleet -- --url rabbit://... --ctl "bash scripts/rabbitmq.sh ctl" \
//       --servers 100,1000 [--call-seconds 10] [--callers 16] [--start-parallel 32]
var arguments = Arguments.Parse(args);
foreach (var n in arguments.Servers)
{
    var result = await FleetRun.RunAsync(arguments, n);
    Console.WriteLine(result);
}

internal sealed record Arguments(string Url, string? Ctl, int[] Servers, TimeSpan CallTime, int Callers, int StartParallel)
{
    public static Arguments Parse(string[] args)
    {
        string? url = null, ctl = null;
        int[] servers = [100];
        var callTime = TimeSpan.FromSeconds(10);
        var callers = 16;
        var parallel = 32;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--url": url = value; break;
                case "--ctl": ctl = value; break;
                case "--servers": servers = [.. value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
                case "--call-seconds": callTime = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--callers": callers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--start-parallel": parallel = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }

            i++;
        }

        return new Arguments(url ?? throw new ArgumentException("--url is required"), ctl, servers, callTime, callers, parallel);
    }
}

internal static class FleetRun
{
    public static async Task<string> RunAsync(Arguments arguments, int n)
    {
        var options = new TransportOptions { ControlExchange = "nova" }.UseRabbitMq(new RabbitMqOptions());
        var baseline = await Broker.CountAsync(arguments.Ctl);
        var (managedBefore, rssBefore) = Memory();
        await using var transport = await Transport.CreateAsync(arguments.Url, options);
        var tally = new FanoutTally();
        var servers = new RpcServer[n];
        for (var i = 0; i < n; i++)
        {
            servers[i] = new RpcServer(transport, new Target("compute", server: $"host-{i + 1}"), [new ComputeEndpoint($"host-{i + 1}", tally)]);
        }

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(servers, new ParallelOptions { MaxDegreeOfParallelism = arguments.StartParallel },
            async (server, token) => await server.StartAsync(token));
        var startAll = clock.Elapsed;

        var (managedAfter, rssAfter) = Memory();
        var client = new RpcClient(transport, new Target("compute"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        await client.Prepare(server: "host-1").CallAsync<string>(new RequestContext(), "ping"); // reply queue and send connection up
        var counted = await Broker.CountAsync(arguments.Ctl);

        // A fanout cast: time until every server has it.
        var id = Guid.NewGuid().ToString("N");
        var all = tally.Expect(id, n);
        clock.Restart();
        await client.Prepare(fanout: true).CastAsync(new RequestContext(), "refresh", new { id });
        var fanoutReached = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(120))) == all;
        var fanout = clock.Elapsed;

        // Calls to random servers.
        long calls = 0, failures = 0;
        using (var stop = new CancellationTokenSource(arguments.CallTime))
        {
            clock.Restart();
            await Task.WhenAll(Enumerable.Range(0, arguments.Callers).Select(c => Task.Run(async () =>
            {
                var random = new Random(c);
                while (!stop.IsCancellationRequested)
                {
                    var host = $"host-{random.Next(n) + 1}";
                    try
                    {
                        var answer = await client.Prepare(server: host).CallAsync<string>(new RequestContext(), "ping");
                        if (answer == host)
                        {
                            Interlocked.Increment(ref calls);
                        }
                        else
                        {
                            Interlocked.Increment(ref failures);
                        }
                    }
                    catch (Oslo.Messaging.Exceptions.MessagingException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            })));
        }

        var callRate = calls / clock.Elapsed.TotalSeconds;
        clock.Restart();
        await Parallel.ForEachAsync(servers, new ParallelOptions { MaxDegreeOfParallelism = arguments.StartParallel },
            async (server, _) => await server.DisposeAsync());
        var stopAll = clock.Elapsed;

        var connections = counted.Connections - baseline.Connections;
        var channels = counted.Channels - baseline.Channels;
        var brokerKib = (counted.MemoryBytes - baseline.MemoryBytes) / 1024.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"impl\":\"dotnet\",\"servers\":{n},\"broker_connections\":{connections},\"broker_channels\":{channels}," +
            $"\"connections_per_server\":{(double)connections / n:0.00},\"channels_per_server\":{(double)channels / n:0.00}," +
            $"\"managed_kib_per_server\":{(managedAfter - managedBefore) / 1024.0 / n:0.0},\"rss_kib_per_server\":{(rssAfter - rssBefore) / 1024.0 / n:0.0}," +
            $"\"broker_memory_mib\":{counted.MemoryBytes / 1048576.0:0},\"broker_kib_per_server\":{brokerKib / n:0.0}," +
            $"\"start_all_s\":{startAll.TotalSeconds:0.00},\"stop_all_s\":{stopAll.TotalSeconds:0.00}," +
            $"\"fanout_all_s\":{(fanoutReached ? fanout.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "null")},\"fanout_reached\":{tally.Count}," +
            $"\"calls_per_s\":{callRate:0},\"call_failures\":{failures}}}");
    }

    private static (long Managed, long Rss) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}

/// <summary>Counts connections and channels on the broker with <c>rabbitmqctl list_connections / list_channels</c>,
/// and the broker VM's memory (<c>erlang:memory(total)</c>).</summary>
internal static class Broker
{
    public static async Task<(int Connections, int Channels, long MemoryBytes)> CountAsync(string? ctl)
    {
        if (ctl is null)
        {
            return (0, 0, 0);
        }

        var memory = (await RunAsync(ctl, ["eval", "erlang:memory(total)."])).Trim();
        return (await CountLinesAsync(ctl, "list_connections pid"), await CountLinesAsync(ctl, "list_channels pid"),
            long.TryParse(memory, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) ? bytes : 0);
    }

    private static async Task<int> CountLinesAsync(string ctl, string command) =>
        (await RunAsync(ctl, command.Split(' '))).Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith('<'));

    private static async Task<string> RunAsync(string ctl, string[] command)
    {
        var parts = ctl.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(parts[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var part in parts.Skip(1).Concat(["-q", .. command]))
        {
            start.ArgumentList.Add(part);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
