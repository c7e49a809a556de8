using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.Orchestration;
using Oslo.Messaging.Benchmarks.Reporting;

namespace Oslo.Messaging.Benchmarks.Notify;

/// <summary>
/// The notification scenario (bench/README.md, "Notifications"): notifications/s published with confirms and consumed
/// by a listener, for this library, raw RabbitMQ.Client doing the same publishes and acks, and Python oslo.messaging's
/// Notifier and listener, in one run. As in the call scenarios (bench/README.md, "Method"), the implementations run
/// interleaved over the plan's rounds (<see cref="BenchPlan.DefaultRounds"/>, every other round in reverse order); every
/// figure is the median with its confidence interval over the rounds (<see cref="Spread"/>), every ratio the median of the
/// per-round ratios, and a verdict is "within noise" when the interval straddles the target. Writes <c>notify-latest.md</c> and <c>notify-latest.jsonl</c> beside the main results.
/// </summary>
internal static class NotifyCommand
{
    private const int Publishers = 64;
    private const int Rounds = BenchPlan.DefaultRounds;

    /// <summary>Notifications per implementation in one warm-up slice.</summary>
    private const int WarmupCount = 3_000;
    private static readonly string[] _implementations = ["oslo-rabbit", "raw-rabbitmq-client", "python"];

    public static async Task<int> RunAsync(string[] args)
    {
        var full = args.Contains("--full");
        var url = RunOptions.Value(args, "--rabbit-url") ?? throw new ArgumentException("--rabbit-url is required");
        var python = RunOptions.Value(args, "--python") ?? "/usr/bin/python3";
        var script = RunOptions.Value(args, "--notify-python-script") ?? Path.Combine(AppContext.BaseDirectory, "python", "oslo_notify_bench.py");
        var outDir = RunOptions.Value(args, "--out") ?? "bench/results";
        var command = RunOptions.Value(args, "--command") ?? "bash bench/run.sh --only notify";

        // Quick and full measure alike (quick mode has fewer scenarios, not shorter measurements): the same count per
        // round in both, about a second of each implementation at this machine's rates.
        var (count, pythonCount) = (15_000, 1_500);
        var cap = TimeSpan.FromMinutes(full ? 5 : 2);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

        var settled = await WarmUpAsync(url, cap);

        // rates[name][round]: null for a failed round.
        var rates = _implementations.ToDictionary(n => n, _ => new double?[Rounds]);
        var failures = new Dictionary<string, string>();
        for (var round = 0; round < Rounds; round++)
        {
            var order = round % 2 == 0 ? _implementations : [.. _implementations.Reverse()];
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
                    rates[name][round] = run.PerSecond;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    failures[name] = ex.Message;
                    Console.Error.WriteLine($"[notify] round {round + 1} {name} failed: {ex.Message}");
                }
            }
        }

        var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var report = Report(rates, failures, command, load, loadAfter, count, pythonCount, settled);
        Console.WriteLine(report.Markdown);
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "notify-latest.md"), report.Markdown);
        await File.WriteAllTextAsync(Path.Combine(outDir, "notify-latest.jsonl"), report.JsonLines);
        return rates["oslo-rabbit"].Any(r => r is not null) ? 0 : 1;
    }

    /// <summary>Both .NET implementations run in this process: before the first round, runs short rounds of each until
    /// the runtime stops compiling (<see cref="JitSettle"/>), or the first rounds measure tier-0 code (the run of
    /// 2026-12-01 at 9d01cab: the library's rounds climbed from 9,088 to 15,865 notifications/s). Returns the seconds it
    /// took; a failure here is left to the rounds to report.</summary>
    private static async Task<double?> WarmUpAsync(string url, TimeSpan cap)
    {
        try
        {
            var seconds = await JitSettle.RunAsync(BenchPlan.JitSettleCapSeconds, async _ =>
            {
                await LibraryNotifySubject.RunAsync(url, WarmupCount, Publishers, cap);
                await RawNotifySubject.RunAsync(url, WarmupCount, Publishers, cap);
            });
            Console.Error.WriteLine($"[notify] warm-up: compilation settled after {seconds:0.0} s");
            return seconds;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"[notify] warm-up failed: {ex.Message}");
            return null;
        }
    }

    private static (string Markdown, string JsonLines) Report(Dictionary<string, double?[]> rates, Dictionary<string, string> failures,
        string command, string loadBefore, string loadAfter, int count, int pythonCount, double? settled)
    {
        var md = new StringBuilder();
        var json = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        static string Rate(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        static string Times(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + "x";
        md.AppendLine(inv, $"# Notification benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        md.AppendLine(inv, $"Command: `{command}`; {Environment.ProcessorCount} cores; load average {loadBefore} before, {loadAfter} after;");
        md.AppendLine(inv, $"{Rounds} interleaved rounds (every other one in reverse order) of {count:N0} notifications per .NET round and {pythonCount:N0} per Python round,");
        md.AppendLine(inv, $"{Publishers} concurrent publishers (.NET; Python 8 threads). Figures: median (confidence interval, bench/README.md \"Method\") of the rounds; ratios: median (interval) of the per-round ratios.");
        md.AppendLine(inv, $"Before the first round both .NET implementations warmed up until the runtime stopped compiling ({(settled is { } warm ? $"{warm:0.0} s" : "failed")}).");
        md.AppendLine();
        md.AppendLine("| implementation | notifications/s | library ÷ it | rounds |");
        md.AppendLine("|---|---:|---:|---|");
        foreach (var (name, perRound) in rates)
        {
            var spread = Spread.Of(perRound.OfType<double>());
            var figure = spread is { } s ? s.Format(Rate) : "failed: " + failures.GetValueOrDefault(name, "?");
            var ratio = PairedRatio(rates["oslo-rabbit"], perRound) is { } r ? r.Format(Times) : "-";
            md.AppendLine(inv, $"| {name} | {figure} | {ratio} | {string.Join(", ", perRound.Select(v => v is { } x ? Rate(x) : "failed"))} |");
            json.AppendLine(JsonSerializer.Serialize(new
            {
                type = "notify_result",
                implementation = name,
                per_second = spread?.Median,
                per_second_low = spread?.Low,
                per_second_high = spread?.High,
                round_per_second = perRound,
                count = name == "python" ? pythonCount : count,
                error = spread is null ? failures.GetValueOrDefault(name) : null,
            }));
        }

        md.AppendLine();
        md.AppendLine("| target | figure | needed | verdict |");
        md.AppendLine("|---|---:|---:|---|");
        foreach (var (description, other, goal) in new[] { ("notifications/s vs raw RabbitMQ.Client (confirms, ack after processing)", "raw-rabbitmq-client", 0.9), ("notifications/s vs Python oslo.messaging", "python", 20.0) })
        {
            var target = new PerformanceTarget(description, PairedRatio(rates["oslo-rabbit"], rates[other]), AtLeast: true, goal);
            md.AppendLine(inv, $"| {target.Description} | {target.FigureText} | {target.Needed} | {target.Verdict} |");
            json.AppendLine(JsonSerializer.Serialize(new
            {
                type = "target",
                target = target.Description,
                figure = target.Interval?.Median,
                figure_low = target.Interval?.Low,
                figure_high = target.Interval?.High,
                rounds = target.Interval?.Rounds,
                needed = target.Needed,
                verdict = target.Verdict,
                met = target.Met,
            }));
        }

        return (md.ToString(), json.ToString());
    }

    /// <summary>The library's rate over <paramref name="other"/>'s, round by round (both measured back to back).</summary>
    private static Spread? PairedRatio(double?[] library, double?[] other) =>
        Spread.Of(library.Zip(other).Where(p => p.First is not null && p.Second is > 0).Select(p => p.First!.Value / p.Second!.Value));

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
