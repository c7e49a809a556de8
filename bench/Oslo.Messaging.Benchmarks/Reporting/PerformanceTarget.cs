using Oslo.Messaging.Benchmarks.Harness;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>
/// One target of the benchmark issues, checked on the figures of one run. <see cref="Figure"/> is the median over the
/// rounds of a ratio of two implementations measured back to back (or of an absolute figure), <see cref="Interval"/>
/// its confidence interval (<see cref="Spread"/>: order statistics of the rounds): the verdict is "met" when the whole interval meets the target, "NOT met" when none of
/// it does, and "within noise" when it straddles the threshold (this run cannot tell).
/// </summary>
internal sealed record PerformanceTarget(string Description, Spread? Interval, bool AtLeast, double Threshold, bool IsRatio = true)
{
    /// <summary>The same comparison made with raw RabbitMQ.Client (oslo pattern) in place of this library: what any
    /// library speaking this protocol could reach in this run. Null where it does not apply.</summary>
    public string? CeilingText { get; init; }

    /// <summary>What the figure compares (e.g. "16,660 vs 16,230 calls/s"), when useful.</summary>
    public string? Detail { get; init; }

    public double? Figure => Interval?.Median;

    /// <summary>True, false, or null for "within noise" and "not measured".</summary>
    public bool? Met => Verdict switch { "met" => true, "NOT met" => false, _ => null };

    public string FigureText => Interval is { } i ? i.Format(v => Text(v, IsRatio)) + (Detail is { } d ? $"; {d}" : "") : "n/a";

    public string Needed => (AtLeast ? ">= " : "<= ") + (Threshold >= 1000 ? Threshold.ToString("N0") : Threshold.ToString("0.##"));

    public string Verdict => Interval is not { } i ? "not measured"
        : Good(i.Low) && Good(i.High) ? "met"
        : !Good(i.Low) && !Good(i.High) ? "NOT met"
        : "within noise";

    private bool Good(double v) => AtLeast ? v >= Threshold : v <= Threshold;

    public static IReadOnlyList<PerformanceTarget> Evaluate(RunReport report)
    {
        var lib = Orchestration.Implementation.LibraryRabbit;
        var mem = Orchestration.Implementation.LibraryMemory;
        Spread? Ratio(string scenario, string a, string b, Func<ScenarioResult, IReadOnlyList<double?>?> figure) => report.Ratio(scenario, a, b, figure);
        string? Vs(string scenario, string a, string b, Func<ScenarioResult, IReadOnlyList<double?>?> figure, Func<double, string> format) =>
            report.Figure(scenario, a, figure) is { } x && report.Figure(scenario, b, figure) is { } y ? $"{format(x.Median)} vs {format(y.Median)}" : null;
        static string Rate(double v) => v.ToString("N0");
        static string Ms(double us) => (us / 1000).ToString("0.000") + " ms";
        static string Bytes(double v) => v.ToString("N0") + " B";
        static string Us(double v) => v.ToString("0.0") + " us";
        static string Megabytes(double v) => (v / 1048576.0).ToString("0") + " MB";
        return
        [
            new("conc calls/s on RabbitMQ vs raw RabbitMQ.Client (oslo pattern)", Ratio("conc-64", lib, "raw-oslo", Figures.Throughput), true, 0.9)
                { Detail = Vs("conc-64", lib, "raw-oslo", Figures.Throughput, Rate) },
            new("seq p50 latency vs raw RabbitMQ.Client (oslo pattern)", Ratio("seq", lib, "raw-oslo", Figures.P50), false, 1.15)
                { Detail = Vs("seq", lib, "raw-oslo", Figures.P50, Ms) },
            new("casts/s vs raw RabbitMQ.Client with confirms", Ratio("cast", lib, "raw-oslo", Figures.Throughput), true, 0.9)
                { Detail = Vs("cast", lib, "raw-oslo", Figures.Throughput, Rate) },
            // The ceiling column: raw RabbitMQ.Client doing the broker work oslo's wire needs (raw-direct-oslo) in the
            // library's place, i.e. how much of the gap to raw-direct is the wire's rather than the library's.
            new(".NET-to-.NET conc calls/s vs raw RabbitMQ.Client with direct reply-to", Ratio("conc-64", lib, "raw-direct", Figures.Throughput), true, 0.9)
                { Detail = Vs("conc-64", lib, "raw-direct", Figures.Throughput, Rate), CeilingText = Ceiling(Ratio("conc-64", "raw-direct-oslo", "raw-direct", Figures.Throughput)) },
            new(".NET-to-.NET seq calls/s vs raw RabbitMQ.Client with direct reply-to", Ratio("seq", lib, "raw-direct", Figures.Throughput), true, 0.9)
                { Detail = Vs("seq", lib, "raw-direct", Figures.Throughput, Rate), CeilingText = Ceiling(Ratio("seq", "raw-direct-oslo", "raw-direct", Figures.Throughput)) },
            new(".NET-to-.NET conc calls/s vs raw RabbitMQ.Client on oslo's wire with direct reply-to", Ratio("conc-64", lib, "raw-direct-oslo", Figures.Throughput), true, 0.9)
                { Detail = Vs("conc-64", lib, "raw-direct-oslo", Figures.Throughput, Rate) },
            new(".NET-to-.NET seq calls/s vs raw RabbitMQ.Client on oslo's wire with direct reply-to", Ratio("seq", lib, "raw-direct-oslo", Figures.Throughput), true, 0.9)
                { Detail = Vs("seq", lib, "raw-direct-oslo", Figures.Throughput, Rate) },
            new("conc calls/s vs MassTransit", Ratio("conc-64", lib, "masstransit", Figures.Throughput), true, 2)
                { CeilingText = Ceiling(Ratio("conc-64", "raw-oslo", "masstransit", Figures.Throughput)) },
            new("conc calls/s vs Python oslo.messaging", Ratio("conc-64", lib, "python", Figures.Throughput), true, 20)
                { CeilingText = Ceiling(Ratio("conc-64", "raw-oslo", "python", Figures.Throughput)) },
            new("allocations per call on RabbitMQ vs raw RabbitMQ.Client (oslo pattern, conc-64)", Ratio("conc-64", lib, "raw-oslo", Figures.Alloc), false, 1.0)
                { Detail = Vs("conc-64", lib, "raw-oslo", Figures.Alloc, Bytes) },
            new("CPU per call on RabbitMQ vs raw RabbitMQ.Client (oslo pattern, conc-64)", Ratio("conc-64", lib, "raw-oslo", Figures.Cpu), false, 1.05)
                { Detail = Vs("conc-64", lib, "raw-oslo", Figures.Cpu, Us) },
            new("peak working set during conc-64 on RabbitMQ vs raw RabbitMQ.Client (oslo pattern)", Ratio("conc-64", lib, "raw-oslo", Figures.PeakWorkingSet), false, 1.2)
                { Detail = Vs("conc-64", lib, "raw-oslo", Figures.PeakWorkingSet, Megabytes) },
            new("memory://: calls/s at 64 concurrent calls", report.Figure("conc-64", mem, Figures.Throughput), true, 100_000, IsRatio: false),
            new("memory://: cost per call vs the no-library baseline (conc-64)", Ratio("conc-64", "baseline", mem, Figures.Throughput), false, 1.5),
            new("memory://: allocations per call vs the no-library baseline (conc-64)", Ratio("conc-64", mem, "baseline", Figures.Alloc), false, 1.5)
                { Detail = Vs("conc-64", mem, "baseline", Figures.Alloc, Bytes) },
            .. TypedTargets(report),
        ];
    }

    /// <summary>Issue 11: generated dispatch costs no more than the reflection path, per call, on both transports, and the
    /// typed memory:// path's cost per call against the baseline.</summary>
    private static IEnumerable<PerformanceTarget> TypedTargets(RunReport report)
    {
        static string Bytes(double v) => v.ToString("N0") + " B";
        static string Us(double v) => v.ToString("0.0") + " us";
        foreach (var (typed, untyped) in new[] { (Orchestration.Implementation.LibraryMemoryTyped, Orchestration.Implementation.LibraryMemory), (Orchestration.Implementation.LibraryRabbitTyped, Orchestration.Implementation.LibraryRabbit) })
        {
            foreach (var scenario in new[] { "seq", "conc-64" })
            {
                string? Vs(Func<ScenarioResult, IReadOnlyList<double?>?> figure, Func<double, string> format) =>
                    report.Figure(scenario, typed, figure) is { } x && report.Figure(scenario, untyped, figure) is { } y ? $"{format(x.Median)} vs {format(y.Median)}" : null;
                yield return new($"{typed}: allocations per call vs untyped ({scenario})", report.Ratio(scenario, typed, untyped, Figures.Alloc), false, 1.0)
                { Detail = Vs(Figures.Alloc, Bytes) };
                yield return new($"{typed}: CPU per call vs untyped ({scenario})", report.Ratio(scenario, typed, untyped, Figures.Cpu), false, 1.05)
                { Detail = Vs(Figures.Cpu, Us) };
            }
        }

        yield return new("memory:// typed: cost per call vs the no-library baseline (conc-64)",
            report.Ratio("conc-64", "baseline", Orchestration.Implementation.LibraryMemoryTyped, Figures.Throughput), false, 1.2);
    }

    private static string? Ceiling(Spread? ratio) => ratio?.Format(v => Text(v, true));

    /// <summary>Ratios with three decimals ("0.899x"), absolute figures with thousands separators.</summary>
    private static string Text(double value, bool ratio) => ratio ? $"{value:0.000}x" : value.ToString("N0");
}
