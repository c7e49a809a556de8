using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.Orchestration;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>Everything one run measured, with the facts needed to read it; the input of every output format.</summary>
internal sealed class RunReport(BenchPlan plan, RunOptions options)
{
    public BenchPlan Plan { get; } = plan;

    public RunOptions Options { get; } = options;

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset Finished { get; set; }

    public MachineInfo Machine { get; } = MachineInfo.Collect();

    public string LoadBefore { get; } = MachineInfo.LoadAverage();

    public string LoadAfter { get; set; } = "";

    public List<ImplementationStatus> Implementations { get; } = [];

    public List<ScenarioResult> Results { get; } = [];

    public ScenarioResult? Get(string scenario, string implementation) =>
        Results.FirstOrDefault(r => r.Scenario == scenario && r.Implementation == implementation && r.Ok);

    public ImplementationStatus? Status(string implementation) =>
        Implementations.FirstOrDefault(s => s.Implementation.Name == implementation);

    /// <summary>Throughput of an implementation divided by its reference's (this library on the same transport):
    /// the median of the per-round ratios.</summary>
    public double? ThroughputRatio(string scenario, Implementation implementation) =>
        Ratio(scenario, implementation.Name, implementation.Reference, Figures.Throughput)?.Median;

    /// <summary>p50 of an implementation divided by its reference's: the median of the per-round ratios.</summary>
    public double? P50Ratio(string scenario, Implementation implementation) =>
        Ratio(scenario, implementation.Name, implementation.Reference, Figures.P50)?.Median;

    /// <summary>One figure of one implementation over the rounds of a scenario.</summary>
    public Spread? Figure(string scenario, string implementation, Func<ScenarioResult, IReadOnlyList<double?>?> figure) =>
        Get(scenario, implementation) is { } r && figure(r) is { } rounds ? Spread.Of(rounds.Where(v => v is > 0).Select(v => v!.Value)) : null;

    /// <summary><paramref name="a"/>'s figure / <paramref name="b"/>'s, round by round (both measured back to back in
    /// each round, so a burst of other work on the machine moves both), over the rounds where both succeeded.</summary>
    public Spread? Ratio(string scenario, string a, string b, Func<ScenarioResult, IReadOnlyList<double?>?> figure)
    {
        if (Get(scenario, a) is not { } ra || Get(scenario, b) is not { } rb || figure(ra) is not { } fa || figure(rb) is not { } fb)
        {
            return null;
        }

        var ratios = new List<double>();
        for (var i = 0; i < Math.Min(fa.Count, fb.Count); i++)
        {
            if (fa[i] is { } x && x > 0 && fb[i] is { } y && y > 0)
            {
                ratios.Add(x / y);
            }
        }

        return Spread.Of(ratios);
    }

    /// <summary>The versions the implementations reported (broker, client libraries, Python).</summary>
    public string Versions()
    {
        string? Find(string key) => Implementations.Select(s => s.InfoValue(key)).FirstOrDefault(v => v is not null);
        var parts = new List<string>
        {
            Machine.Dotnet,
            $"RabbitMQ {Options.RabbitVersion ?? Find("rabbitmq_version") ?? "?"}",
        };
        if (Find("rabbitmq_client") is { } client)
        {
            parts.Add($"RabbitMQ.Client {client}");
        }

        if (Find("masstransit") is { } mt)
        {
            parts.Add($"MassTransit {mt}");
        }

        if (Find("python") is { } py)
        {
            parts.Add($"Python {py} + oslo.messaging {Find("oslo_messaging") ?? "?"}");
        }

        return string.Join(", ", parts);
    }
}
