using System.Runtime.InteropServices;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>The machine the figures were taken on.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, string Memory, string Os, string Dotnet)
{
    public static MachineInfo Collect() => new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ProcField("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], out var k) ? $"{k / 1024.0 / 1024.0:0.0} GiB" : "?",
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    /// <summary>The 1/5/15-minute load averages: how busy the machine was (other builds, tests) around the run.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string? ProcField(string file, string key)
    {
        try
        {
            return File.ReadLines(file)
                .Where(l => l.StartsWith(key, StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
