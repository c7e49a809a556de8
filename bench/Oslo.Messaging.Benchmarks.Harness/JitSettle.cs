using System.Diagnostics;
using System.Runtime;

namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>
/// Keeps a warm-up going until the runtime stops compiling. A fresh .NET process runs new code unoptimised (tier 0)
/// and recompiles the hot methods in the background; on a busy 2-core machine that takes seconds. The library's worker
/// compiled about 4,000 methods over 7 s of conc-64 calls, against 2,200 over 5 s for raw RabbitMQ.Client, so a fixed
/// warm-up measured the first rounds of the first scenario (seq) at a third of the later ones, and mostly against the
/// implementation with the most code.
/// </summary>
public static class JitSettle
{
    private const double SliceSeconds = 0.5;

    /// <summary>Methods compiled in one slice that still count as settled: timers, the odd late tier-up and the
    /// harness's own code keep a warm process at 0-6.</summary>
    private const long QuietMethods = 20;

    /// <summary>Runs <paramref name="warmFor"/> in slices until one compiles at most <see cref="QuietMethods"/> methods,
    /// or until <paramref name="capSeconds"/>; returns the seconds it took.</summary>
    public static async Task<double> RunAsync(double capSeconds, Func<double, Task> warmFor)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < capSeconds)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await warmFor(SliceSeconds).ConfigureAwait(false);
            if (JitInfo.GetCompiledMethodCount() - before <= QuietMethods)
            {
                break;
            }
        }

        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
