using System.Runtime.InteropServices;

namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>
/// Context switches of the whole process (all threads, also those already gone), from Linux's <c>getrusage</c>:
/// how often threads slept and woke per operation, a cost that the CPU time hides on a busy 2-core machine.
/// </summary>
internal static partial class ResourceUsage
{
    private const int RusageSelf = 0;

    /// <summary>Voluntary context switches so far (a thread blocked and was woken later; preemption by other processes is not
    /// counted, so the figure does not depend on how busy the machine is), or null where getrusage is not available.</summary>
    public static long? ContextSwitches()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct rusage on 64-bit Linux: two timevals (4 longs), then 14 longs; ru_nvcsw is the one before last.
        var usage = new long[18];
        try
        {
            return GetRusage(RusageSelf, usage) == 0 ? usage[16] : null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, [Out] long[] usage);
}
