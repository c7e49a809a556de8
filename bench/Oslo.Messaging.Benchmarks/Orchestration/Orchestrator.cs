using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.Reporting;

namespace Oslo.Messaging.Benchmarks.Orchestration;

/// <summary>
/// <c>run</c>: starts one worker process per implementation, runs every scenario on every implementation back to
/// back (scenario by scenario and round by round, so the implementations share the machine's conditions), then prints
/// the tables and writes latest.md, latest.jsonl and latest.svg.
/// </summary>
/// <remarks>Where to extend: a scenario is a line in <see cref="BenchPlan.For"/>, an implementation a line in
/// <see cref="Implementation.All"/> (and <c>SubjectCatalog</c> or <see cref="Launcher"/> for how it starts), a target
/// a line in <c>PerformanceTarget.Evaluate</c>; this loop, the rounds and the reports need no change.</remarks>
internal static class Orchestrator
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(RunOptions options)
    {
        var plan = BenchPlan.For(options.Mode, options.TimeScale, options.Rounds);
        var report = new RunReport(plan, options);
        var logs = Path.Combine(options.OutputDirectory, "tmp");
        Directory.CreateDirectory(logs);
        var workers = new Dictionary<string, WorkerProcess>();
        try
        {
            foreach (var implementation in Implementation.All.Where(i => options.Only is null || options.Only.Contains(i.Name)))
            {
                var status = new ImplementationStatus(implementation);
                report.Implementations.Add(status);
                await StartAsync(status, options, logs, workers).ConfigureAwait(false);
            }

            foreach (var scenario in plan.Scenarios)
            {
                Progress($"== {scenario.Title}");
                var running = report.Implementations.Where(s => workers.ContainsKey(s.Implementation.Name)).ToList();
                var rounds = running.ToDictionary(s => s.Implementation.Name, _ => new List<ScenarioResult>());
                for (var round = 0; round < plan.Rounds; round++)
                {
                    // Every other round in reverse order, so no implementation always runs right after the same one.
                    foreach (var status in round % 2 == 0 ? running : Enumerable.Reverse(running))
                    {
                        var result = await RunOneAsync(workers[status.Implementation.Name], scenario, status, plan, round).ConfigureAwait(false);
                        rounds[status.Implementation.Name].Add(result);
                        Progress(Describe(round, result));
                    }
                }

                foreach (var status in running)
                {
                    report.Results.Add(RoundSet.Combine(rounds[status.Implementation.Name]));
                }
            }

            foreach (var (name, worker) in workers)
            {
                await worker.StopAsync(_stopTimeout).ConfigureAwait(false);
                report.Status(name)!.PeakWorkingSetBytes ??= worker.PeakWorkingSetBytes;
            }
        }
        finally
        {
            foreach (var worker in workers.Values)
            {
                await worker.DisposeAsync().ConfigureAwait(false);
            }
        }

        report.Finished = DateTimeOffset.UtcNow;
        report.LoadAfter = MachineInfo.LoadAverage();
        await WriteAsync(report, options.OutputDirectory).ConfigureAwait(false);
        return report.Results.Any(r => r.Ok) ? 0 : 1;
    }

    private static Task<ScenarioResult> RunOneAsync(WorkerProcess worker, ScenarioSpec scenario, ImplementationStatus status, BenchPlan plan, int round)
    {
        var command = scenario.ToCommand(status.Implementation.InProcess, plan.Seconds, plan.WarmupFor(round), plan.JitSettleFor(round));
        var timeout = TimeSpan.FromSeconds(command.WarmupSeconds + command.JitSettleSeconds + command.Seconds + command.DrainSeconds * 2 + 120);
        return worker.RunAsync(command, status.Implementation.Name, timeout);
    }

    private static string Describe(int round, ScenarioResult r) => r.Ok
        ? $"   {round + 1} {r.Implementation,-12} {ResultTables.Rate(r.Throughput),12} /s  p50 {ResultTables.Ms(r.P50Us),8} ms  p99 {ResultTables.Ms(r.P99Us),8} ms  ({r.Ops:N0} in {r.ElapsedSeconds:0.00} s{Jit(r)}{(r.Errors > 0 ? $", {r.Errors} errors: {r.Error}" : "")})"
        : $"   {round + 1} {r.Implementation,-12} FAILED: {r.Error}";

    private static string Jit(ScenarioResult r) =>
        (r.JitSettleSeconds is { } settle ? $", jit settled after {settle:0.0} s" : "") + (r.JitMethods is > 0 and var methods ? $", {methods} methods compiled while measured" : "");

    private static async Task StartAsync(ImplementationStatus status, RunOptions options, string logs, Dictionary<string, WorkerProcess> workers)
    {
        var name = status.Implementation.Name;
        if (Launcher.For(status.Implementation, options, out var unavailable) is not { } start)
        {
            status.Reason = unavailable;
            Progress($"-- {name}: not available: {unavailable}");
            return;
        }

        try
        {
            var worker = await WorkerProcess.StartAsync(start, Path.Combine(logs, name + ".log"), _startTimeout).ConfigureAwait(false);
            workers[name] = worker;
            status.Available = true;
            status.Info = worker.Info;
            Progress($"-- {name}: ready ({worker.Info.ToJsonString()})");
        }
        catch (Exception ex)
        {
            status.Reason = ex.Message;
            Progress($"-- {name}: not available: {ex.Message}");
        }
    }

    private static async Task WriteAsync(RunReport report, string directory)
    {
        Console.WriteLine();
        Console.WriteLine($"Oslo.Messaging benchmark, {report.Plan.Mode} mode, {report.Started:yyyy-MM-dd HH:mm} UTC; {report.Machine.Cores} cores, {report.Machine.Memory}; {report.Versions()}");
        Console.WriteLine($"load average before {report.LoadBefore}, after {report.LoadAfter}");
        foreach (var scenario in report.Plan.Scenarios)
        {
            Console.WriteLine();
            Console.WriteLine(scenario.Title);
            Console.Write(ResultTables.Scenario(report, scenario).ToText());
        }

        Console.WriteLine();
        Console.WriteLine("Allocations and memory");
        Console.Write(ResultTables.Resources(report).ToText());
        Console.WriteLine();
        Console.WriteLine("Targets");
        Console.Write(ResultTables.Targets(report).ToText());
        Console.WriteLine();
        Console.WriteLine(ResultTables.RatioNote.Replace("`", "", StringComparison.Ordinal));

        var jsonl = JsonLinesReport.Render(report);
        Console.WriteLine();
        Console.WriteLine("JSON lines:");
        Console.Write(jsonl);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), MarkdownReport.Render(report)).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.jsonl"), jsonl).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.svg"), SvgChart.Render(report)).ConfigureAwait(false);
        Console.WriteLine();
        Console.WriteLine($"Wrote {Path.Combine(directory, "latest.md")}, latest.jsonl and latest.svg");
    }

    private static void Progress(string line) => Console.Error.WriteLine(line);
}
