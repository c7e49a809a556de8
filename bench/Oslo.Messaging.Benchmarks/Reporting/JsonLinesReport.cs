using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oslo.Messaging.Benchmarks.Harness;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>
/// <c>latest.jsonl</c>: one <c>run</c> line (date, machine, command), one <c>implementation</c> line each, one
/// <c>result</c> line per scenario and implementation (every figure plus the ratios), one <c>target</c> line each.
/// </summary>
internal static class JsonLinesReport
{
    public static string Render(RunReport report)
    {
        var lines = new StringBuilder();
        void Add(JsonObject line) => lines.Append(line.ToJsonString()).Append('\n');

        Add(new JsonObject
        {
            ["type"] = "run",
            ["date"] = report.Started.ToString("O"),
            ["seconds"] = Math.Round((report.Finished - report.Started).TotalSeconds, 1),
            ["mode"] = report.Plan.Mode,
            ["command"] = report.Options.Command,
            ["commit"] = report.Options.Commit,
            ["cores"] = report.Machine.Cores,
            ["cpu"] = report.Machine.CpuModel,
            ["memory"] = report.Machine.Memory,
            ["os"] = report.Machine.Os,
            ["dotnet"] = report.Machine.Dotnet,
            ["versions"] = report.Versions(),
            ["load_before"] = report.LoadBefore,
            ["load_after"] = report.LoadAfter,
            ["scenarios"] = new JsonArray([.. report.Plan.Scenarios.Select(sc => (JsonNode)sc.Id)]),
            ["scenario_seconds"] = report.Plan.Seconds,
            ["warmup_seconds"] = report.Plan.WarmupSeconds,
            ["rounds"] = report.Plan.Rounds,
        });
        foreach (var status in report.Implementations)
        {
            Add(new JsonObject
            {
                ["type"] = "implementation",
                ["implementation"] = status.Implementation.Name,
                ["label"] = status.Implementation.Label,
                ["available"] = status.Available,
                ["reason"] = status.Reason,
                ["peak_working_set_bytes"] = status.PeakWorkingSetBytes,
                ["info"] = status.Info.DeepClone(),
            });
        }

        foreach (var result in report.Results)
        {
            var line = JsonSerializer.SerializeToNode(result, WorkerProtocol.Json)!.AsObject();
            line.Insert(0, "type", "result");
            if (report.Status(result.Implementation) is { } status)
            {
                line["throughput_ratio"] = Round(report.ThroughputRatio(result.Scenario, status.Implementation));
                line["p50_ratio"] = Round(report.P50Ratio(result.Scenario, status.Implementation));
                line["ratio_reference"] = status.Implementation.Reference;
            }

            Add(line);
        }

        foreach (var target in PerformanceTarget.Evaluate(report))
        {
            Add(new JsonObject
            {
                ["type"] = "target",
                ["target"] = target.Description,
                ["figure"] = Round(target.Figure),
                ["figure_low"] = Round(target.Interval?.Low),
                ["figure_high"] = Round(target.Interval?.High),
                ["rounds"] = target.Interval?.Rounds,
                ["needed"] = target.Needed,
                ["raw_ceiling"] = target.CeilingText,
                ["verdict"] = target.Verdict,
                ["met"] = target.Met,
            });
        }

        return lines.ToString();
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
}
