using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Oslo.Messaging.Benchmarks.Orchestration;

namespace Oslo.Messaging.Benchmarks.Notify;

/// <summary>
/// The notification scenario (bench/README.md, "Notifications"): notifications/s published with confirms and consumed
/// by a listener, for this library, raw RabbitMQ.Client doing the same publishes and acks, and Python oslo.messaging's
/// Notifier and listener, in one run; rounds alternate the order and each implementation keeps its best round.
/// Writes <c>notify-latest.md</c> and <c>notify-latest.jsonl</c> beside the main results.
/// </summary>
internal static class NotifyCommand
{
    private const int Publishers = 64;

    public static async Task<int> RunAsync(string[] args)
    {
        var full = args.Contains("--full");
        var url = RunOptions.Value(args, "--rabbit-url") ?? throw new ArgumentException("--rabbit-url is required");
        var python = RunOptions.Value(args, "--python") ?? "/usr/bin/python3";
        var script = RunOptions.Value(args, "--notify-python-script") ?? Path.Combine(AppContext.BaseDirectory, "python", "oslo_notify_bench.py");
        var outDir = RunOptions.Value(args, "--out") ?? "bench/results";
        var command = RunOptions.Value(args, "--command") ?? "bash bench/run.sh --only notify";
        var (count, pythonCount, rounds) = full ? (50_000, 5_000, 3) : (10_000, 1_000, 2);
        var cap = TimeSpan.FromMinutes(full ? 5 : 2);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

        var best = new Dictionary<string, NotifyRun?> { ["oslo-rabbit"] = null, ["raw-rabbitmq-client"] = null, ["python"] = null };
        var failures = new Dictionary<string, string>();
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? best.Keys.ToArray() : best.Keys.Reverse().ToArray();
            foreach (var name in order)
            {
                try
                {
                    var run = name switch
                    {
                        "oslo-rabbit" => await LibraryNotifySubject.RunAsync(url, count, Publishers, cap),
                        "raw-rabbitmq-client" => await RawNotifySubject.RunAsync(url, count, Publishers, cap),
                        _ => await RunPythonAsync(python, script, url, pythonCount, cap),
                    };
                    Console.Error.WriteLine($"[notify] round {round + 1} {name}: {run.PerSecond:F0}/s");
                    if (best[name] is not { } kept || run.PerSecond > kept.PerSecond)
                    {
                        best[name] = run;
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    failures[name] = ex.Message;
                    Console.Error.WriteLine($"[notify] round {round + 1} {name} failed: {ex.Message}");
                }
            }
        }

        var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var report = Report(best, failures, command, load, loadAfter, rounds, count, pythonCount);
        Console.WriteLine(report.Markdown);
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "notify-latest.md"), report.Markdown);
        await File.WriteAllTextAsync(Path.Combine(outDir, "notify-latest.jsonl"), report.JsonLines);
        return best["oslo-rabbit"] is null ? 1 : 0;
    }

    private static (string Markdown, string JsonLines) Report(Dictionary<string, NotifyRun?> best, Dictionary<string, string> failures,
        string command, string loadBefore, string loadAfter, int rounds, int count, int pythonCount)
    {
        var library = best["oslo-rabbit"]?.PerSecond;
        var md = new StringBuilder();
        var json = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine(inv, $"# Notification benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        md.AppendLine(inv, $"Command: `{command}`; {Environment.ProcessorCount} cores; load average {loadBefore} before, {loadAfter} after; best of {rounds} rounds;");
        md.AppendLine(inv, $"{count} notifications per .NET round, {pythonCount} per Python round, {Publishers} concurrent publishers (.NET; Python 8 threads).");
        md.AppendLine();
        md.AppendLine("| implementation | notifications/s | library ÷ it |");
        md.AppendLine("|---|---:|---:|");
        foreach (var (name, run) in best)
        {
            var figure = run is null ? "failed: " + failures.GetValueOrDefault(name, "?") : run.PerSecond.ToString("F0", inv);
            var ratio = run is not null && library is { } lib ? (lib / run.PerSecond).ToString("F2", inv) + "x" : "-";
            md.AppendLine(inv, $"| {name} | {figure} | {ratio} |");
            json.AppendLine(JsonSerializer.Serialize(new { type = "notify_result", implementation = name, per_second = run?.PerSecond, count = run?.Count, seconds = run?.Elapsed.TotalSeconds, error = run is null ? failures.GetValueOrDefault(name) : null }));
        }

        md.AppendLine();
        var raw = best["raw-rabbitmq-client"]?.PerSecond;
        var py = best["python"]?.PerSecond;
        md.AppendLine(Target("library / raw RabbitMQ.Client", library, raw, 0.9, json));
        md.AppendLine(Target("library / Python oslo.messaging", library, py, 20, json));
        return (md.ToString(), json.ToString());
    }

    private static string Target(string what, double? library, double? other, double goal, StringBuilder json)
    {
        if (library is not { } lib || other is not { } o)
        {
            return $"- target {what} >= {goal}x: not measured";
        }

        var ratio = lib / o;
        json.AppendLine(JsonSerializer.Serialize(new { type = "notify_target", what, goal, ratio, met = ratio >= goal }));
        return string.Create(CultureInfo.InvariantCulture, $"- target {what} >= {goal}x: {ratio:F2}x, {(ratio >= goal ? "met" : "NOT met")}");
    }

    private static async Task<NotifyRun> RunPythonAsync(string python, string script, string url, int count, TimeSpan cap)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "--url", url.Replace("rabbit://", "rabbit://", StringComparison.Ordinal), "--count", count.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + python);
        var stderr = process.StandardError.ReadToEndAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(cap);
        await process.WaitForExitAsync().WaitAsync(cap);
        if (line is null)
        {
            throw new InvalidOperationException($"the Python worker printed nothing (exit {process.ExitCode}): {(await stderr).Trim()}");
        }

        var result = JsonDocument.Parse(line).RootElement;
        if (!result.GetProperty("complete").GetBoolean())
        {
            throw new InvalidOperationException($"the Python listener got {result.GetProperty("count").GetInt32()} of {count}");
        }

        return new NotifyRun(count, TimeSpan.FromSeconds(result.GetProperty("seconds").GetDouble()));
    }
}
