using System.Diagnostics;

namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>
/// Latencies of one measured phase in a preallocated array (no allocation while measuring), written concurrently
/// by the callers; percentiles are nearest-rank over the sorted samples.
/// </summary>
public sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[Math.Max(capacity, 1)];
    private int _count;

    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    public void Record(long elapsedTicks)
    {
        var slot = Interlocked.Increment(ref _count) - 1;
        if (slot < _ticks.Length)
        {
            _ticks[slot] = elapsedTicks;
        }
    }

    /// <summary>p50, p90, p99, max and mean in microseconds; null when nothing was recorded.</summary>
    public (double P50, double P90, double P99, double Max, double Mean)? Summarize()
    {
        var n = Count;
        if (n == 0)
        {
            return null;
        }

        var samples = _ticks.AsSpan(0, n);
        samples.Sort();
        double total = 0;
        foreach (var t in samples)
        {
            total += t;
        }

        return (Us(Rank(samples, 0.50)), Us(Rank(samples, 0.90)), Us(Rank(samples, 0.99)), Us(samples[^1]), Us(total / n));
    }

    private static long Rank(ReadOnlySpan<long> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Us(double ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
