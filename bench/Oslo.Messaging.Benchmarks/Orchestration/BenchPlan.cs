namespace Oslo.Messaging.Benchmarks.Orchestration;

/// <summary>
/// The scenarios and how each is measured. Every scenario runs in <see cref="Rounds"/> rounds; in each round every
/// implementation runs it once, back to back (every other round in reverse order), after a short warm-up (a longer one
/// in the first round). A figure is the median of its rounds, reported with its confidence interval (<see cref="Reporting.Spread"/>); a ratio is the
/// median of the per-round ratios of two implementations measured back to back (see bench/README.md, "Method").
/// </summary>
/// <remarks>Quick and full mode measure each scenario the same way (same rounds, same phase length): quick mode only
/// runs fewer scenarios (<see cref="ScenarioSpec.Quick"/>: those the targets read), so a quick run's verdicts are the
/// full run's verdicts on the same figures, not a noisier version of them.</remarks>
internal sealed record BenchPlan(string Mode, double Seconds, double WarmupSeconds, int Rounds, IReadOnlyList<ScenarioSpec> Scenarios)
{
    public static readonly int[] Sweep = [1, 8, 64, 256];

    /// <summary>Rounds per scenario: with 8 rounds the 2nd to the 7th per-round ratio is a 93% confidence interval of
    /// their median (order statistics, no assumption about the distribution), and one disturbed round cannot move a
    /// verdict; with 5 rounds the interval had to be the min–max, and one round across a threshold made five quick
    /// runs disagree with the run of record (bench/results/NOTES.md, "Method").</summary>
    public const int DefaultRounds = 8;

    /// <summary>Measured phase of one implementation in one round, seconds (both modes).</summary>
    public const double RoundSeconds = 1.2;

    /// <summary>Warm-up before an implementation's first round of a scenario, seconds; later rounds warm up for
    /// <see cref="RoundWarmupSeconds"/> (the worker is warm, the pipes need filling again).</summary>
    public const double FirstWarmupSeconds = 0.8;

    public const double RoundWarmupSeconds = 0.2;

    /// <summary>The longest the first round of a scenario warms on while the worker's runtime is still compiling
    /// (<see cref="Harness.JitSettle"/>), seconds at time scale 1. A settled worker adds half a second per scenario.</summary>
    public const double JitSettleCapSeconds = 20;

    public static BenchPlan For(string mode, double timeScale, int? rounds = null)
    {
        var full = mode == "full";
        var scenarios = new List<ScenarioSpec>
        {
            new("seq", "seq: one caller, sequential calls, ~100 B JSON payload", "call", 1, 100, 100_000, 1_000_000, Quick: true),
            new("conc-8", "conc-8: 8 outstanding calls, ~100 B", "call", 8, 100, 250_000, 2_000_000),
            new("conc-64", "conc: 64 outstanding calls, ~100 B", "call", 64, 100, 500_000, 3_000_000, Quick: true),
            new("conc-256", "conc-256: 256 outstanding calls, ~100 B", "call", 256, 100, 500_000, 3_000_000),
            new("cast", "cast: one-way casts from 64 concurrent senders, ~100 B, counted at the server", "cast", 64, 100, 300_000, 1_500_000, Quick: true),
            new("payload-10KB", "payload 10 KB: one caller, sequential calls", "call", 1, 10 * 1024, 50_000, 500_000),
            new("payload-1MiB", "payload 1 MiB: one caller, sequential calls", "call", 1, 1024 * 1024, 1_000, 10_000),
        };
        return new BenchPlan(mode, RoundSeconds * timeScale, FirstWarmupSeconds * timeScale, rounds ?? DefaultRounds,
            full ? scenarios : scenarios.Where(s => s.Quick).ToList());
    }

    /// <summary>The warm-up of one round (the first is longer).</summary>
    public double WarmupFor(int round) => round == 0 ? WarmupSeconds : WarmupSeconds * (RoundWarmupSeconds / FirstWarmupSeconds);

    /// <summary>How long the first round may warm on for the runtime's compilation to settle; later rounds do not.</summary>
    public double JitSettleFor(int round) => round == 0 ? JitSettleCapSeconds * (WarmupSeconds / FirstWarmupSeconds) : 0;

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
