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

    /// <summary>Throughput of an implementation divided by its reference's (this library on the same transport).</summary>
    public double? ThroughputRatio(string scenario, Implementation implementation) =>
        Get(scenario, implementation.Name) is { } r && Get(scenario, implementation.Reference) is { Throughput: > 0 } reference
            ? r.Throughput / reference.Throughput
            : null;

    /// <summary>p50 of an implementation divided by its reference's.</summary>
    public double? P50Ratio(string scenario, Implementation implementation) =>
        Get(scenario, implementation.Name) is { P50Us: { } p } && Get(scenario, implementation.Reference) is { P50Us: > 0 } reference
            ? p / reference.P50Us!.Value
            : null;

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
