using System.Diagnostics;
using System.Text.Json;

namespace Oslo.Messaging.Configuration.Tests.Support;

/// <summary>Runs Python's oslo.config (Python/oslo_config_values.py) on config files: the reference for what they mean.</summary>
internal static class PythonOsloConfig
{
    /// <summary>Debian's Python with oslo.messaging 14 (and its oslo.config): <c>OSLO_TEST_PYTHON</c>, as scripts/test.sh sets it.</summary>
    public static string? Python =>
        Environment.GetEnvironmentVariable("OSLO_TEST_PYTHON") is { Length: > 0 } python ? python
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : null;

    /// <summary>Why the comparison tests cannot run here, or null.</summary>
    public static string? MissingReason => Python is null
        ? "needs Python with oslo.messaging (set OSLO_TEST_PYTHON, or run scripts/test.sh, which installs python3-oslo.messaging)"
        : null;

    /// <summary>The parsed output: option key ("group.name") → {set, value, error}, and a file-level error.</summary>
    public static async Task<(Dictionary<string, JsonElement> Values, string? Error)> ReadAsync(params string[] files)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Python", "oslo_config_values.py");
        var start = new ProcessStartInfo(Python!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"oslo_config_values.py exited {process.ExitCode}: {await stderr}");
        using var json = JsonDocument.Parse(output);
        var values = json.RootElement.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        var error = json.RootElement.GetProperty("error").GetString();
        return (values, error);
    }
}

/// <summary>A fact that needs Python's oslo.config: skipped, with the reason, where there is no Python.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        Skip = PythonOsloConfig.MissingReason;
    }
}
