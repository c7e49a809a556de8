using System.Diagnostics;
using Oslo.Messaging.Benchmarks.Subjects;

namespace Oslo.Messaging.Benchmarks.Orchestration;

/// <summary>How each implementation's worker process is started, or why it cannot be.</summary>
internal static class Launcher
{
    /// <summary>The start info, or null with <paramref name="unavailable"/> saying why.</summary>
    public static ProcessStartInfo? For(Implementation implementation, RunOptions options, out string? unavailable)
    {
        unavailable = null;
        if (implementation.Group == "rabbit" && options.RabbitUrl is null)
        {
            unavailable = "no --rabbit-url given";
            return null;
        }

        switch (implementation.Name)
        {
            case "masstransit":
                if (options.MassTransitDll is not { } dll || !File.Exists(dll))
                {
                    unavailable = $"MassTransit worker not built ({options.MassTransitDll ?? "no --masstransit given"})";
                    return null;
                }

                return Dotnet(dll, "--rabbit-url", options.RabbitUrl!);
            case "python":
                var script = options.PythonScript ?? Path.Combine(AppContext.BaseDirectory, "python", "oslo_bench.py");
                if (!File.Exists(options.Python) || !File.Exists(script))
                {
                    unavailable = $"{options.Python} or {script} missing";
                    return null;
                }

                return Start(options.Python, script, "client", "--url", options.RabbitUrl!);
            default:
                if (!SubjectCatalog.Knows(implementation.Name))
                {
                    unavailable = "unknown implementation";
                    return null;
                }

                var self = typeof(Launcher).Assembly.Location;
                return options.RabbitUrl is { } url
                    ? Dotnet(self, "worker", implementation.Name, "--rabbit-url", url)
                    : Dotnet(self, "worker", implementation.Name);
        }
    }

    private static ProcessStartInfo Dotnet(string dll, params string[] args)
    {
        // Under `dotnet x.dll` the host is this process's executable; under an apphost, find dotnet next to the runtime.
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return Start(host, [dll, .. args]);
    }

    private static ProcessStartInfo Start(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
