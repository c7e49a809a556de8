using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.Orchestration;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>The tables of a run: one per scenario, resources, targets. Ratios are figure / this library's figure.</summary>
internal static class ResultTables
{
    public const string RatioNote =
        "Figures are medians over the rounds, with their confidence interval in parentheses (order statistics of the rounds, bench/README.md \"Method\"). " +
        "ratio = the implementation's figure / this library's figure on the same transport, round by round " +
        "(broker rows vs `oslo-rabbit`, in-process rows vs `oslo-memory`), median (interval); for calls/s higher is better, for p50 lower is better. " +
        "`broker-ceiling` is the broker's own throughput (perf-test style, no RPC): its calls/s are messages/s / 2, as a call moves two messages through queues. " +
        "That is the ceiling for an RPC whose replies go through a queue (oslo's reply queue); a direct reply-to reply never enters a queue, so `raw-direct` (and .NET-to-.NET calls) can pass it.";

    public static TextTable Scenario(RunReport report, ScenarioSpec scenario) =>
        scenario.IsCall ? Calls(report, scenario) : Casts(report, scenario);

    private static TextTable Calls(RunReport report, ScenarioSpec scenario)
    {
        var table = new TextTable("implementation", "calls/s", "ratio", "p50 ms", "p90 ms", "p99 ms", "max ms", "p50 ratio", "alloc B/call", "CPU us/call", "switches/call", "calls", "errors");
        foreach (var status in report.Implementations)
        {
            var impl = status.Implementation;
            var r = report.Results.FirstOrDefault(x => x.Scenario == scenario.Id && x.Implementation == impl.Name);
            if (AddMissing(table, status, r, 13))
            {
                continue;
            }

            table.Add(
                impl.Name, Spreaded(report.Figure(scenario.Id, impl.Name, Figures.Throughput), Rate), Ratio(report.Ratio(scenario.Id, impl.Name, impl.Reference, Figures.Throughput)),
                Spreaded(report.Figure(scenario.Id, impl.Name, Figures.P50), v => Ms(v)), Ms(r!.P90Us), Ms(r.P99Us), Ms(r.MaxUs), Ratio(report.Ratio(scenario.Id, impl.Name, impl.Reference, Figures.P50)),
                Number(r.AllocBytesPerOp), Number(r.CpuUsPerOp, "0.0"), Number(r.SwitchesPerOp, "0.00"), r.Ops.ToString("N0"), Errors(r));
        }

        return table;
    }

    private static TextTable Casts(RunReport report, ScenarioSpec scenario)
    {
        var table = new TextTable("implementation", "msgs/s", "ratio", "sent", "received", "alloc B/msg", "CPU us/msg", "switches/msg", "errors");
        foreach (var status in report.Implementations)
        {
            var impl = status.Implementation;
            var r = report.Results.FirstOrDefault(x => x.Scenario == scenario.Id && x.Implementation == impl.Name);
            if (AddMissing(table, status, r, 9))
            {
                continue;
            }

            table.Add(
                impl.Name, Spreaded(report.Figure(scenario.Id, impl.Name, Figures.Throughput), Rate), Ratio(report.Ratio(scenario.Id, impl.Name, impl.Reference, Figures.Throughput)),
                (r!.Sent ?? 0).ToString("N0"), r.Ops.ToString("N0"), Number(r.AllocBytesPerOp), Number(r.CpuUsPerOp, "0.0"), Number(r.SwitchesPerOp, "0.00"), Errors(r));
        }

        return table;
    }

    public static TextTable Resources(RunReport report)
    {
        var table = new TextTable("implementation", "alloc B/call (seq)", "alloc B/call (conc-64)", "CPU us/call (conc-64)", "switches/call (conc-64)", "peak working set MB (conc-64)", "peak working set MB (whole run)", "process");
        foreach (var status in report.Implementations.Where(s => s.Available))
        {
            var name = status.Implementation.Name;
            table.Add(
                name,
                Number(report.Get("seq", name)?.AllocBytesPerOp),
                Number(report.Get("conc-64", name)?.AllocBytesPerOp),
                Number(report.Get("conc-64", name)?.CpuUsPerOp, "0.0"),
                Number(report.Get("conc-64", name)?.SwitchesPerOp, "0.00"),
                Number(report.Get("conc-64", name)?.PeakWorkingSetBytes / 1048576.0, "0.0"),
                status.PeakWorkingSetBytes is { } ws ? (ws / 1024.0 / 1024.0).ToString("0.0") : "-",
                name switch
                {
                    "python" => "peak: client process; CPU and switches: client + server process",
                    "masstransit" => "client + consumer",
                    _ => "client + server",
                });
        }

        return table;
    }

    public static TextTable Targets(RunReport report)
    {
        var table = new TextTable("target", "figure", "needed", "verdict", "raw RabbitMQ.Client in the library's place");
        foreach (var target in PerformanceTarget.Evaluate(report))
        {
            table.Add(target.Description, target.FigureText, target.Needed, target.Verdict, target.CeilingText ?? "");
        }

        return table;
    }

    public static TextTable Implementations(RunReport report)
    {
        var table = new TextTable("name", "implementation", "status");
        foreach (var status in report.Implementations)
        {
            table.Add(status.Implementation.Name, status.Implementation.Label, status.Available ? (status.InfoValue("what") ?? "ran") : "not available: " + status.Reason);
        }

        return table;
    }

    /// <summary>Adds a placeholder row when the implementation did not run or the scenario failed.</summary>
    private static bool AddMissing(TextTable table, ImplementationStatus status, ScenarioResult? result, int columns)
    {
        var text = !status.Available ? "not available" : result is null ? "not run" : !result.Ok ? "failed: " + Short(result.Error) : null;
        if (text is null)
        {
            return false;
        }

        table.Add([status.Implementation.Name, .. Enumerable.Repeat("-", columns - 2), text]);
        return true;
    }

    private static string Errors(ScenarioResult r) => r.Errors == 0 ? "0" : $"{r.Errors}: {Short(r.Error)}";

    private static string Short(string? text) => text is null ? "" : text.Length > 60 ? text[..60] + "..." : text;

    public static string Rate(double value) => value.ToString(value >= 100 ? "N0" : "0.0");

    public static string Ratio(double? value) => value is { } v ? v.ToString("0.00") + "x" : "n/a";

    /// <summary>A per-round ratio: median (interval).</summary>
    public static string Ratio(Spread? value) => value is { } v ? v.Format(x => x.ToString("0.00") + "x") : "n/a";

    /// <summary>A figure over the rounds: median (interval); "-" when not measured.</summary>
    public static string Spreaded(Spread? value, Func<double, string> format) => value is { } v ? v.Format(format) : "-";

    public static string Ms(double? us) => us is { } v ? (v / 1000).ToString(v >= 100_000 ? "0" : v >= 1_000 ? "0.00" : "0.000") : "-";

    private static string Number(double? value, string format = "N0") => value is { } v ? v.ToString(format) : "-";
}
