using Oslo.Messaging.Benchmarks.Harness;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>The rounds of one scenario on one implementation, and the result of record made of their medians.</summary>
internal static class RoundSet
{
    /// <summary>The result of record: every figure is the median over the successful rounds (the latency percentiles
    /// too, each on its own); <c>round_*</c> keep every round. Failed rounds count only if all failed.</summary>
    public static ScenarioResult Combine(IReadOnlyList<ScenarioResult> rounds)
    {
        var ok = rounds.Where(r => r.Ok).ToList();
        if (ok.Count == 0)
        {
            return rounds[^1] with { RoundThroughputs = [.. rounds.Select(_ => 0.0)] };
        }

        double? Median(Func<ScenarioResult, double?> figure) => Spread.Of(ok.Select(figure).Where(v => v.HasValue).Select(v => v!.Value))?.Median;
        var middle = ok.OrderBy(r => r.Throughput).ElementAt(ok.Count / 2);
        return middle with
        {
            Ops = ok.Sum(r => r.Ops),
            Sent = ok.Any(r => r.Sent.HasValue) ? ok.Sum(r => r.Sent ?? 0) : null,
            Errors = rounds.Sum(r => r.Errors),
            Error = rounds.Select(r => r.Error).FirstOrDefault(e => e is not null),
            ElapsedSeconds = ok.Sum(r => r.ElapsedSeconds),
            Throughput = Median(r => r.Throughput)!.Value,
            P50Us = Median(r => r.P50Us),
            P90Us = Median(r => r.P90Us),
            P99Us = Median(r => r.P99Us),
            MaxUs = ok.Max(r => r.MaxUs),
            MeanUs = Median(r => r.MeanUs),
            AllocBytesPerOp = Median(r => r.AllocBytesPerOp),
            CpuUsPerOp = Median(r => r.CpuUsPerOp),
            SwitchesPerOp = Median(r => r.SwitchesPerOp),
            RoundThroughputs = [.. rounds.Select(r => r.Ok ? Math.Round(r.Throughput, 1) : 0)],
            RoundP50Us = [.. rounds.Select(r => r.Ok ? r.P50Us : null)],
            RoundAllocBytesPerOp = [.. rounds.Select(r => r.Ok ? r.AllocBytesPerOp : null)],
            RoundCpuUsPerOp = [.. rounds.Select(r => r.Ok ? r.CpuUsPerOp : null)],
            RoundJitMethods = [.. rounds.Select(r => r.Ok ? r.JitMethods : null)],
            JitSettleSeconds = rounds[0].JitSettleSeconds,
            JitMethods = null,
            PeakWorkingSetBytes = ok.Max(r => r.PeakWorkingSetBytes),
            RoundPeakWorkingSetBytes = [.. rounds.Select(r => r.Ok ? (double?)r.PeakWorkingSetBytes : null)],
        };
    }
}
