using System.Text;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary><c>latest.md</c>: date, machine, command, then the tables (the committed record of the latest run).</summary>
internal static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        var plan = report.Plan;
        var md = new StringBuilder();
        md.AppendLine("# Benchmark results: latest run").AppendLine();
        md.AppendLine($"- **Date**: {report.Started:yyyy-MM-dd HH:mm} UTC (run took {(report.Finished - report.Started).TotalSeconds:0} s)");
        md.AppendLine($"- **Command**: `{report.Options.Command}`" + (report.Options.Commit is { } c ? $" at commit `{c}`" : ""));
        md.AppendLine($"- **Machine**: {report.Machine.Cores} cores ({report.Machine.CpuModel}), {report.Machine.Memory} memory, {report.Machine.Os}");
        md.AppendLine($"- **Versions**: {report.Versions()}");
        md.AppendLine($"- **Load average** (1/5/15 min) before: {report.LoadBefore}, after: {report.LoadAfter} — other work on the machine makes absolute figures noisy; the ratios compare implementations measured back to back in this run.");
        md.AppendLine($"- **Mode**: {plan.Mode} ({plan.Scenarios.Count} scenarios: {string.Join(", ", plan.Scenarios.Select(s => s.Id))}): every scenario runs in {plan.Rounds} rounds; " +
            $"in each round every implementation runs it back to back with the others (every other round in reverse order) for {plan.Seconds:0.##} s after a warm-up " +
            $"({plan.WarmupFor(0):0.##} s in the first round, then on until the runtime's compilation settles, up to {plan.JitSettleFor(0):0.##} s; {plan.WarmupFor(1):0.##} s later). Every figure is the median over the rounds with its " +
            $"{100 * Spread.Coverage(plan.Rounds, Spread.OrderStatistic(plan.Rounds)):0}% confidence interval (round {Spread.OrderStatistic(plan.Rounds)} to round {plan.Rounds + 1 - Spread.OrderStatistic(plan.Rounds)} in order); " +
            "every ratio is the median of the per-round ratios (interval). A verdict is met / NOT met when the whole interval is on one side of the target, " +
            "within noise when it straddles it (bench/README.md, \"Method\").");
        md.AppendLine(Raw.RabbitConnections.Quorum
            ? "- A private three-node RabbitMQ cluster on loopback (bench/run.sh --cluster), quorum server queues. .NET workers run client and server in one process, each on its own connection(s)."
            : "- One RabbitMQ node, private, on loopback, started by the script. .NET workers run client and server in one process, each on its own connection(s); Python runs its server in a second process.");
        md.AppendLine();
        md.AppendLine("## Targets").AppendLine();
        md.Append(ResultTables.Targets(report).ToMarkdown()).AppendLine();
        md.AppendLine("## Implementations").AppendLine();
        md.Append(ResultTables.Implementations(report).ToMarkdown()).AppendLine();
        foreach (var scenario in plan.Scenarios)
        {
            md.AppendLine($"## {scenario.Title}").AppendLine();
            md.Append(ResultTables.Scenario(report, scenario).ToMarkdown()).AppendLine();
        }

        md.AppendLine("## Allocations and memory").AppendLine();
        md.Append(ResultTables.Resources(report).ToMarkdown()).AppendLine();
        md.AppendLine("Allocations are the managed bytes allocated by the whole worker process (client and server sides) per operation, " +
            "from `GC.GetTotalAllocatedBytes(true)`; CPU is the worker process's CPU time per operation and switches its voluntary context switches " +
            "per operation (Linux getrusage; Python: client and server process; never the broker's); " +
            "peak working set (conc-64) is the largest resident set of the worker process in any round of conc-64, each round measured on its own " +
            "(Linux `VmHWM` reset before the round, after a compacting collection; .NET workers only); the whole-run figure is the worker's " +
            "`PeakWorkingSet64` over every scenario (Python: `ru_maxrss` of the client process), which depends on the scenarios the mode runs.").AppendLine();
        md.AppendLine(ResultTables.RatioNote).AppendLine();
        md.AppendLine("Chart: [latest.svg](latest.svg); every figure as JSON lines: [latest.jsonl](latest.jsonl); targets and findings: [NOTES.md](NOTES.md).");
        return md.ToString();
    }
}
