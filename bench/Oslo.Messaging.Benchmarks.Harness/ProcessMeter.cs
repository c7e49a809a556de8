using System.Diagnostics;
using System.Runtime;

namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>Allocated bytes, CPU time, GC counts and methods compiled (<see cref="JitSettle"/>) of this process over a
/// measured phase.</summary>
public readonly struct ProcessMeter
{
    private readonly long _allocated;
    private readonly TimeSpan _cpu;
    private readonly int _gen0;
    private readonly int _gen1;
    private readonly int _gen2;
    private readonly long? _switches;
    private readonly long _compiled;

    private ProcessMeter(long allocated, TimeSpan cpu)
    {
        _allocated = allocated;
        _cpu = cpu;
        _switches = ResourceUsage.ContextSwitches();
        _gen0 = GC.CollectionCount(0);
        _gen1 = GC.CollectionCount(1);
        _gen2 = GC.CollectionCount(2);
        _compiled = JitInfo.GetCompiledMethodCount();
    }

    /// <summary>Collects garbage left by the warm-up, then starts counting.</summary>
    public static ProcessMeter Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new ProcessMeter(GC.GetTotalAllocatedBytes(precise: true), CpuTime());
    }

    public (double? AllocPerOp, double? CpuUsPerOp, double? SwitchesPerOp, string Collections, long JitMethods) Stop(long ops)
    {
        var compiled = JitInfo.GetCompiledMethodCount() - _compiled;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
        var cpu = CpuTime() - _cpu;
        var switches = ResourceUsage.ContextSwitches() - _switches;
        var collections = $"{GC.CollectionCount(0) - _gen0}/{GC.CollectionCount(1) - _gen1}/{GC.CollectionCount(2) - _gen2}";
        return ops <= 0
            ? (null, null, null, collections, compiled)
            : ((double)allocated / ops, cpu.TotalMicroseconds / ops, (double?)switches / ops, collections, compiled);
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
