using System.Diagnostics;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using Xunit.Abstractions;

namespace Oslo.Messaging.RabbitMq.Tests.Broker;

/// <summary>
/// Casts queued much faster than a slow server processes them: the server process holds a bounded number of them
/// (the prefetch derived from its executor), the rest wait in the broker, and every one is processed exactly once.
/// 20,000 casts in the normal run; 1,000,000 with <c>OSLO_TEST_FULL=1</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BackpressureTests(ITestOutputHelper output)
{
    private const int Workers = 4;

    [Fact]
    public async Task Server_CastsQueuedWhileItIsBlocked_HoldsABoundedNumberAndProcessesAll()
    {
        var count = Environment.GetEnvironmentVariable("OSLO_TEST_FULL") == "1" ? 1_000_000 : 20_000;
        var topic = TestBroker.Unique("flood");
        var endpoint = new FloodEndpoint(count);
        await using var serverTransport = await TestBroker.CreateTransportAsync();
        await using var clientTransport = await TestBroker.CreateTransportAsync();
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [endpoint],
            new RpcServerOptions { Executor = RpcExecutor.Pooled(Workers) });
        await server.StartAsync();
        var prefetch = Assert.IsType<RabbitMqTransportDriver>(serverTransport.Driver).Listeners.Single().Group.Consumers[0].Prefetch;
        Assert.Equal(64, prefetch);
        await using var probe = await BrokerProbe.ConnectAsync();
        var client = new RpcClient(clientTransport, new Target(topic));
        var baseline = ManagedMemory();
        var pad = new string('p', 200);

        var sending = Stopwatch.StartNew();
        var processing = new Stopwatch();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 },
                async (id, ct) => await client.CastAsync(new RequestContext(), "work", new { id, pad }, ct));
            sending.Stop();
            var ready = await SettledReadyAsync(probe, topic, TimeSpan.FromSeconds(60));
            var held = count - (long)ready;
            var heldMemory = ManagedMemory() - baseline;
            output.WriteLine($"{count} casts sent in {sending.Elapsed.TotalSeconds:0.0} s; the blocked server held {held} (prefetch {prefetch}); " +
                $"managed memory +{heldMemory / 1024.0 / 1024.0:0.0} MiB over the baseline while they waited; peak working set " +
                $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB");

            // What the server process may hold: the prefetch, the executor's queue (at most 16 for 4 workers) and the
            // requests running. Without a prefetch the client library takes every message the broker has.
            Assert.True(held <= prefetch + 16 + Workers + 1, $"the server process holds {held} of {count} casts (prefetch {prefetch})");
        }
        finally
        {
            processing.Start();
            endpoint.Open(); // Also on failure: the server's disposal waits for the requests it holds.
        }

        await endpoint.AllDone.WaitAsync(TimeSpan.FromSeconds(120 + (count / 1000)));
        processing.Stop();
        Assert.Equal(0, endpoint.Duplicates);
        Assert.Equal(0u, await probe.ReadyAsync(topic));
        output.WriteLine($"all {count} processed exactly once in {processing.Elapsed.TotalSeconds:0.0} s; peak working set " +
            $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB");
    }

    private static long ManagedMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The queue's ready count once the broker has stopped handing messages out (unchanged for 1 s).</summary>
    private static async Task<uint> SettledReadyAsync(BrokerProbe probe, string queue, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        uint? last = null;
        var stable = 0;
        while (deadline.Elapsed < timeout)
        {
            var ready = await probe.ReadyAsync(queue) ?? throw new InvalidOperationException($"queue {queue} is gone");
            stable = ready == last ? stable + 1 : 0;
            if (stable >= 5)
            {
                return ready;
            }

            last = ready;
            await Task.Delay(200);
        }

        throw new TimeoutException($"queue {queue} did not settle within {timeout} (last ready count {last})");
    }

    /// <summary>Holds every cast until <see cref="Open"/>, then records each id once.</summary>
    public sealed class FloodEndpoint(int count)
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int[] _seen = new int[count];
        private int _processed;
        private int _duplicates;

        public Task AllDone => _allDone.Task;

        public int Duplicates => Volatile.Read(ref _duplicates);

        public void Open() => _gate.TrySetResult();

        public async Task Work(RequestContext context, int id, string pad)
        {
            _ = pad;
            await _gate.Task.ConfigureAwait(false);
            if (Interlocked.Increment(ref _seen[id]) > 1)
            {
                Interlocked.Increment(ref _duplicates);
            }

            if (Interlocked.Increment(ref _processed) == _seen.Length)
            {
                _allDone.TrySetResult();
            }
        }
    }
}
