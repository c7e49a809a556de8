using System.Text.Json.Nodes;
using Oslo.Messaging.Benchmarks.Orchestration;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>Whether an implementation took part, why not, what it reported about itself, and its peak working set.</summary>
internal sealed class ImplementationStatus(Implementation implementation)
{
    public Implementation Implementation { get; } = implementation;

    public bool Available { get; set; }

    public string? Reason { get; set; }

    public JsonObject Info { get; set; } = [];

    public long? PeakWorkingSetBytes { get; set; }

    public string? InfoValue(string key) => Info.TryGetPropertyValue(key, out var value) ? value?.ToString() : null;
}
