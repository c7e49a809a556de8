namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>
/// One target of the benchmark issue, checked on the figures of one run. <see cref="Figure"/> is a ratio of two
/// implementations measured in the same run (or an absolute rate for the memory transport), so it survives a noisy machine.
/// </summary>
internal sealed record PerformanceTarget(string Description, string FigureText, double? Figure, bool AtLeast, double Threshold)
{
    /// <summary>The same comparison made with raw RabbitMQ.Client (oslo pattern) in place of this library: what any
    /// library speaking this protocol could reach in this run. Null where it does not apply.</summary>
    public string? CeilingText { get; init; }

    /// <summary>Null when a side of the comparison was not measured.</summary>
    public bool? Met => Figure is { } f ? (AtLeast ? f >= Threshold : f <= Threshold) : null;

    public string Needed => (AtLeast ? ">= " : "<= ") + (Threshold >= 1000 ? Threshold.ToString("N0") : Threshold.ToString("0.##"));

    public string Verdict => Met switch { true => "met", false => "NOT met", null => "not measured" };

    public static IReadOnlyList<PerformanceTarget> Evaluate(RunReport report)
    {
        double? Thr(string scenario, string impl) => report.Get(scenario, impl)?.Throughput;
        double? P50(string scenario, string impl) => report.Get(scenario, impl)?.P50Us;
        static double? Div(double? a, double? b) => a is { } x && b is { } y && y > 0 ? x / y : null;

        var lib = Orchestration.Implementation.LibraryRabbit;
        var mem = Orchestration.Implementation.LibraryMemory;
        return
        [
            Ratio("conc calls/s on RabbitMQ vs raw RabbitMQ.Client (oslo pattern)", Div(Thr("conc-64", lib), Thr("conc-64", "raw-oslo")), true, 0.9),
            Ratio("seq p50 latency vs raw RabbitMQ.Client (oslo pattern)", Div(P50("seq", lib), P50("seq", "raw-oslo")), false, 1.15),
            Ratio("casts/s vs raw RabbitMQ.Client with confirms", Div(Thr("cast", lib), Thr("cast", "raw-oslo")), true, 0.9),
            Ratio("conc calls/s vs MassTransit", Div(Thr("conc-64", lib), Thr("conc-64", "masstransit")), true, 2)
                with { CeilingText = Text(Div(Thr("conc-64", "raw-oslo"), Thr("conc-64", "masstransit"))) },
            Ratio("conc calls/s vs Python oslo.messaging", Div(Thr("conc-64", lib), Thr("conc-64", "python")), true, 20)
                with { CeilingText = Text(Div(Thr("conc-64", "raw-oslo"), Thr("conc-64", "python"))) },
            new("memory://: calls/s at 64 concurrent calls", Thr("conc-64", mem) is { } t ? $"{t:N0} calls/s" : "n/a", Thr("conc-64", mem), true, 100_000),
            Ratio("memory://: cost per call vs the no-library baseline (conc-64)", Div(Thr("conc-64", "baseline"), Thr("conc-64", mem)), false, 1.5),
        ];
    }

    private static PerformanceTarget Ratio(string description, double? ratio, bool atLeast, double threshold) =>
        new(description, Text(ratio, atLeast), ratio, atLeast, threshold);

    /// <summary>Rounded towards failing the target (down for "at least", up for "at most"), so the figure shown never
    /// reads as met when the exact one is not (0.8996 shows 0.899x, not 0.90x).</summary>
    private static string Text(double? ratio, bool atLeast = true) => ratio is { } r
        ? $"{(atLeast ? Math.Floor(r * 1000) : Math.Ceiling(r * 1000)) / 1000:0.000}x"
        : "n/a";
}
