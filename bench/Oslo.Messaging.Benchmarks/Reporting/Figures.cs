using Oslo.Messaging.Benchmarks.Harness;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>The per-round figures of a result, for <see cref="RunReport.Figure"/> and <see cref="RunReport.Ratio"/>.</summary>
internal static class Figures
{
    public static IReadOnlyList<double?>? Throughput(ScenarioResult r) => r.RoundThroughputs?.Select(v => v > 0 ? (double?)v : null).ToList();

    public static IReadOnlyList<double?>? P50(ScenarioResult r) => r.RoundP50Us;

    public static IReadOnlyList<double?>? Alloc(ScenarioResult r) => r.RoundAllocBytesPerOp;

    public static IReadOnlyList<double?>? Cpu(ScenarioResult r) => r.RoundCpuUsPerOp;

    public static IReadOnlyList<double?>? PeakWorkingSet(ScenarioResult r) => r.RoundPeakWorkingSetBytes;
}
