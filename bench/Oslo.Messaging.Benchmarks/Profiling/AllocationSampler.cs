using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Oslo.Messaging.Benchmarks.Profiling;

/// <summary>
/// An in-process EventPipe session on the runtime's GC events: every <c>GCAllocationTick</c> (one per ~100 KB
/// allocated) names the type that crossed the threshold, so counting ticks by type shows where the bytes go.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    /// <summary>The top types by sampled bytes, with their share of all sampled bytes.</summary>
    public IReadOnlyList<(string Type, long Bytes, double Share)> Top(int count)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return _bytesByType.OrderByDescending(p => p.Value).Take(count)
            .Select(p => (p.Key, p.Value, (double)p.Value / total)).ToList();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var type = PayloadValue(eventData, "TypeName") as string ?? "?";
        var amount = PayloadValue(eventData, "AllocationAmount64") is ulong big ? (long)big : Convert.ToInt64(PayloadValue(eventData, "AllocationAmount") ?? 0);
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    private static object? PayloadValue(EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 ? e.Payload![index] : null;
    }
}
