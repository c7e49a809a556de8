namespace Oslo.Messaging.Benchmarks.Orchestration;

/// <summary>Options of <c>run</c>; see <c>bench/README.md</c>.</summary>
internal sealed record RunOptions
{
    /// <summary><c>quick</c> (default, a few minutes in all) or <c>full</c>.</summary>
    public string Mode { get; init; } = "quick";

    public string? RabbitUrl { get; init; }

    /// <summary>The Python interpreter for oslo.messaging (<c>/usr/bin/python3</c>, Debian's package).</summary>
    public string Python { get; init; } = "/usr/bin/python3";

    /// <summary>bench/python/oslo_bench.py; found next to the repository's bench folder by default.</summary>
    public string? PythonScript { get; init; }

    /// <summary>The built Oslo.Messaging.Benchmarks.MassTransit.dll.</summary>
    public string? MassTransitDll { get; init; }

    /// <summary>Only these implementations (comma-separated names); all when null.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    /// <summary>Where latest.md / latest.jsonl / latest.svg go.</summary>
    public string OutputDirectory { get; init; } = "bench/results";

    /// <summary>The command line to record with the results.</summary>
    public string Command { get; init; } = "";

    /// <summary>The broker's version as its own tool reported it (else taken from the connection).</summary>
    public string? RabbitVersion { get; init; }

    /// <summary>The commit measured.</summary>
    public string? Commit { get; init; }

    /// <summary>Scale for the time caps (tiny smoke runs use e.g. 0.2).</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>Rounds per scenario; null = <see cref="BenchPlan.DefaultRounds"/> (the CI smoke run uses 1).</summary>
    public int? Rounds { get; init; }

    public static RunOptions Parse(string[] args)
    {
        var only = Value(args, "--only");
        return new RunOptions
        {
            Mode = args.Contains("--full") ? "full" : "quick",
            RabbitUrl = Value(args, "--rabbit-url"),
            Python = Value(args, "--python") ?? "/usr/bin/python3",
            PythonScript = Value(args, "--python-script"),
            MassTransitDll = Value(args, "--masstransit"),
            Only = only is null ? null : only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(),
            OutputDirectory = Value(args, "--out") ?? "bench/results",
            Command = Value(args, "--command") ?? "Oslo.Messaging.Benchmarks " + string.Join(' ', args),
            RabbitVersion = Value(args, "--rabbit-version"),
            Commit = Value(args, "--commit"),
            TimeScale = Value(args, "--time-scale") is { } scale ? double.Parse(scale, System.Globalization.CultureInfo.InvariantCulture) : 1.0,
            Rounds = Value(args, "--rounds") is { } rounds ? int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    /// <summary>The value after <paramref name="name"/>, or null.</summary>
    public static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
