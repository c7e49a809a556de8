using System.Text.Json;
using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.Orchestration;
using Oslo.Messaging.Benchmarks.Subjects;

namespace Oslo.Messaging.Benchmarks.Profiling;

/// <summary>
/// <c>profile NAME [--rabbit-url URL] [--scenario conc-64] [--seconds 10] [--allocations] [--memory]</c>: one implementation, one
/// scenario, in this process, for as long as asked, so a profiler can watch it, e.g.
/// <c>dotnet-trace collect --format speedscope -- dotnet Oslo.Messaging.Benchmarks.dll profile oslo-memory</c>.
/// With <c>--allocations</c> it also prints the types that allocate the most (sampled from the runtime's GC events);
/// with <c>--memory</c>, what the resident set holds at its largest (<see cref="MemoryBreakdown"/>).
/// </summary>
internal static class ProfileCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var name = args.FirstOrDefault() ?? "oslo-memory";
        var scenarioId = RunOptions.Value(args, "--scenario") ?? "conc-64";
        var seconds = double.Parse(RunOptions.Value(args, "--seconds") ?? "10", System.Globalization.CultureInfo.InvariantCulture);
        var spec = BenchPlan.For("full", 1).Scenarios.FirstOrDefault(s => s.Id == scenarioId);
        if (spec is null || SubjectCatalog.Create(name, RunOptions.Value(args, "--rabbit-url")) is not { } subject)
        {
            await Console.Error.WriteLineAsync($"unknown implementation '{name}' or scenario '{scenarioId}'").ConfigureAwait(false);
            return 2;
        }

        using var sampler = args.Contains("--allocations") ? new AllocationSampler() : null;
        using var memory = args.Contains("--memory") ? new MemoryBreakdown() : null;
        await using (subject.ConfigureAwait(false))
        {
            await subject.StartAsync(CancellationToken.None).ConfigureAwait(false);
            var command = spec.ToCommand(Implementation.Find(name)?.InProcess ?? true, seconds, WarmupSeconds(seconds), BenchPlan.JitSettleCapSeconds) with { Count = (int)Math.Min(20_000_000, seconds * 1_000_000) };
            sampler?.Start();
            var result = await ScenarioRunner.RunAsync(subject, command, CancellationToken.None).ConfigureAwait(false);
            sampler?.Stop();
            Console.WriteLine(JsonSerializer.Serialize(result, WorkerProtocol.Json));
        }

        // The whole process (client, server and the library's or RabbitMQ.Client's buffers) in one figure, with the GC
        // mode it ran under: working set depends on it as much as on the code.
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        Console.WriteLine($"peak working set: {self.PeakWorkingSet64 / 1024.0 / 1024.0:0.0} MB (server GC: {System.Runtime.GCSettings.IsServerGC}, " +
            $"latency mode: {System.Runtime.GCSettings.LatencyMode}, heap now: {GC.GetGCMemoryInfo().HeapSizeBytes / 1024.0 / 1024.0:0.0} MB)");
        if (memory is not null)
        {
            Console.Write(memory.Report());
        }

        if (sampler is not null)
        {
            Console.WriteLine("top allocating types (sampled bytes, share):");
            foreach (var (type, bytes, share) in sampler.Top(45))
            {
                Console.WriteLine($"  {share,6:P1}  {bytes / 1024.0 / 1024.0,9:0.0} MB  {type}");
            }
        }

        return 0;
    }

    /// <summary>A fresh process runs tier-0 code at first: warm up, then on until tiered compilation settles
    /// (<see cref="Harness.JitSettle"/>; a short warm-up measured the in-process transport at a third of its speed in a
    /// warmed worker, and the library on RabbitMQ at two thirds of raw code that had settled sooner).</summary>
    private static double WarmupSeconds(double seconds) => Math.Clamp(seconds / 2, 1, 3);
}
