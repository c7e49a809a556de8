namespace Oslo.Messaging.Benchmarks.Orchestration;

/// <summary>
/// The scenarios and their bounds. Every scenario stops at its count or its time cap, whichever comes first,
/// after a warm-up; every implementation runs a scenario back to back with the others before the next scenario.
/// </summary>
/// <remarks>
/// Each scenario runs in <see cref="Rounds"/> rounds (the implementations in a different order each round) and every
/// implementation keeps its best round (highest throughput): a burst of other work on a shared machine lowers one
/// round of one implementation, and would otherwise decide a ratio.
/// </remarks>
internal sealed record BenchPlan(string Mode, double Seconds, double WarmupSeconds, int Rounds, IReadOnlyList<ScenarioSpec> Scenarios)
{
    public static readonly int[] Sweep = [1, 8, 64, 256];

    public static BenchPlan For(string mode, double timeScale)
    {
        var full = mode == "full";
        var k = full ? 5 : 1;
        var scenarios = new List<ScenarioSpec>
        {
            new("seq", "seq: one caller, sequential calls, ~100 B JSON payload", "call", 1, 100, 20_000 * k, 200_000 * k),
            new("conc-8", "conc-8: 8 outstanding calls, ~100 B", "call", 8, 100, 50_000 * k, 400_000 * k),
            new("conc-64", "conc: 64 outstanding calls, ~100 B", "call", 64, 100, 100_000 * k, 600_000 * k),
            new("conc-256", "conc-256: 256 outstanding calls, ~100 B", "call", 256, 100, 100_000 * k, 600_000 * k),
            new("cast", "cast: one-way casts from 64 concurrent senders, ~100 B, counted at the server", "cast", 64, 100, 60_000 * k, 300_000 * k),
            new("payload-10KB", "payload 10 KB: one caller, sequential calls", "call", 1, 10 * 1024, 10_000 * k, 100_000 * k),
            new("payload-1MiB", "payload 1 MiB: one caller, sequential calls", "call", 1, 1024 * 1024, 200 * k, 2_000 * k),
        };
        return new BenchPlan(mode, (full ? 5.0 : 1.0) * timeScale, (full ? 1.0 : 0.25) * timeScale, full ? 3 : 2, scenarios);
    }

    /// <summary>The concurrency-sweep point of a scenario id (seq = 1).</summary>
    public static int? SweepPoint(string scenario) => scenario switch
    {
        "seq" => 1,
        "conc-8" => 8,
        "conc-64" => 64,
        "conc-256" => 256,
        _ => null,
    };
}
