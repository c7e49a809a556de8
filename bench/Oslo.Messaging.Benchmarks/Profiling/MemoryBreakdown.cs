using System.Globalization;
using System.Text;

namespace Oslo.Messaging.Benchmarks.Profiling;

/// <summary>
/// <c>profile --memory</c>: samples this process's resident set every 50 ms during the run and, at the largest sample,
/// breaks it down — the GC's committed heap (by generation, pinned objects), the runtime's other anonymous memory
/// (JIT code, type data, thread stacks, native buffers), the mapped files (runtime .so, assemblies) and the thread
/// count — so the peak working set (the run's per-round <c>VmHWM</c>) can be read by category.
/// </summary>
internal sealed class MemoryBreakdown : IDisposable
{
    private readonly Timer _timer;
    private long _maxRss;
    private string _atMax = "";

    public MemoryBreakdown() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));

    public void Dispose() => _timer.Dispose();

    /// <summary>The breakdown taken at the largest resident set seen.</summary>
    public string Report()
    {
        lock (_timer)
        {
            return _atMax;
        }
    }

    private void Sample()
    {
        var status = Status();
        var rss = status.GetValueOrDefault("VmRSS");
        lock (_timer)
        {
            if (rss <= _maxRss)
            {
                return;
            }

            _maxRss = rss;
            _atMax = Describe(status);
        }
    }

    private static string Describe(Dictionary<string, long> status)
    {
        static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture).PadLeft(7) + " MB";
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"memory at the largest resident set sampled (every 50 ms):");
        text.AppendLine(CultureInfo.InvariantCulture, $"  VmRSS            {Mb(status.GetValueOrDefault("VmRSS"))}  (RssAnon {Mb(status.GetValueOrDefault("RssAnon")).Trim()}, RssFile {Mb(status.GetValueOrDefault("RssFile")).Trim()}, RssShmem {Mb(status.GetValueOrDefault("RssShmem")).Trim()})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  threads          {status.GetValueOrDefault("Threads"),7}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  GC committed     {Mb(gc.TotalCommittedBytes)}  (heap {Mb(gc.HeapSizeBytes).Trim()}, fragmented {Mb(gc.FragmentedBytes).Trim()}, live now {Mb(GC.GetTotalMemory(false)).Trim()}, pinned objects {gc.PinnedObjectsCount}, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)})");
        var names = new[] { "gen0", "gen1", "gen2", "LOH", "POH" };
        for (var i = 0; i < gc.GenerationInfo.Length && i < names.Length; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    {names[i],-14} {Mb(gc.GenerationInfo[i].SizeAfterBytes)} after the last gen{gc.Generation} GC (before: {Mb(gc.GenerationInfo[i].SizeBeforeBytes).Trim()})");
        }

        foreach (var (mapping, rss) in SmapsByMapping().OrderByDescending(p => p.Value).Where(p => p.Value >= 100 * 1024))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {mapping,-40} {Mb(rss)}");
        }

        return text.ToString();
    }

    /// <summary>Resident bytes per mapping name in /proc/self/smaps: files by name, anonymous memory as one row.</summary>
    private static Dictionary<string, long> SmapsByMapping()
    {
        var byName = new Dictionary<string, long>(StringComparer.Ordinal);
        var current = "";
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line.AsSpan(0, space).IndexOf('-') > 0 && !line.AsSpan(0, space).Contains(':'))
            {
                // A mapping's header: "start-end perms offset dev inode [path]".
                var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                current = parts.Length >= 6 ? parts[5].Trim() : "[anonymous]";
                current = current.StartsWith('/') ? Path.GetFileName(current) : current;
            }
            else if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                byName[current] = byName.GetValueOrDefault(current) + (Kib(line) * 1024);
            }
        }

        return byName;
    }

    private static Dictionary<string, long> Status()
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var key = line[..colon];
                values[key] = Kib(line) * (key == "Threads" ? 1 : 1024);
            }
        }

        return values;
    }

    private static long Kib(string line)
    {
        var value = line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        var end = value.IndexOf(' ');
        return long.TryParse(end < 0 ? value : value[..end], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
