namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>
/// The peak resident set of this process during one scenario round. Linux keeps a process's high-water mark
/// (<c>VmHWM</c> in <c>/proc/self/status</c>); writing "5" to <c>/proc/self/clear_refs</c> resets it to the current
/// resident set, so each round's peak is its own and not the largest of every scenario run before it (a 1 MiB payload
/// scenario would otherwise set the figure for the whole run, and a quick run, which skips it, could not be compared
/// with a full one). Elsewhere, or where the kernel refuses the reset, the figure is null rather than misleading.
/// </summary>
public static class PeakMemory
{
    /// <summary>Gives back what earlier rounds left (an aggressive, compacting collection decommits free memory), then
    /// resets the high-water mark. Returns false where it cannot be reset.</summary>
    public static bool Reset()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The high-water mark of the resident set since <see cref="Reset"/>, in bytes, or null.</summary>
    public static long? Read()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                // "VmHWM:    123456 kB"
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), out var kib))
                {
                    return kib * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
