using System.Diagnostics;

namespace Oslo.Messaging.Cli.Tests.Support;

/// <summary>The real <c>oslomsg</c> executable (from this project's build output) as a person runs it: the console
/// logging included, which the in-process harness replaces.</summary>
internal static class OslomsgProcess
{
    public static async Task<(int Code, string Out, string[] ErrorLines)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "oslomsg.exe" : "oslomsg"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var error = await stderr;
        return (process.ExitCode, await stdout, error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The test broker's URL from scripts/test.sh, or null.</summary>
    public static string? BrokerUrl => Environment.GetEnvironmentVariable("OSLO_TEST_RABBIT_URL") is { Length: > 0 } url ? url : null;
}

/// <summary>A fact that needs the test broker (scripts/test.sh starts it and sets OSLO_TEST_RABBIT_URL).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute()
    {
        Skip = OslomsgProcess.BrokerUrl is null ? "needs OSLO_TEST_RABBIT_URL (run scripts/test.sh, which starts a private RabbitMQ)" : null;
    }
}
