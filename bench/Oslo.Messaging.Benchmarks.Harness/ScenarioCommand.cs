namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>
/// What a worker is asked to run: a warm-up, then a measured phase bounded by a count AND a time cap.
/// The same JSON shape is read by the Python worker (bench/python/oslo_bench.py).
/// </summary>
public sealed record ScenarioCommand
{
    /// <summary>Scenario id, e.g. <c>seq</c>, <c>conc-64</c>, <c>cast</c>, <c>payload-10KB</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary><c>call</c> (request/reply, timed per call) or <c>cast</c> (one-way, counted at the server).</summary>
    public string Kind { get; init; } = "call";

    /// <summary>Outstanding operations at any time (callers or senders running in parallel).</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Approximate size of the JSON arguments (<c>{"payload": "..."}</c>) in bytes.</summary>
    public int PayloadBytes { get; init; } = 100;

    /// <summary>Warm-up time cap (seconds); the warm-up also stops after <see cref="WarmupCount"/> operations.</summary>
    public double WarmupSeconds { get; init; }

    /// <summary>After the warm-up, keep warming while the runtime is still compiling methods, for up to this many seconds
    /// (0: not at all). The first round of each scenario sets it (<see cref="JitSettle"/>).</summary>
    public double JitSettleSeconds { get; init; }

    /// <summary>Warm-up operation cap.</summary>
    public int WarmupCount { get; init; }

    /// <summary>Measured operation cap.</summary>
    public int Count { get; init; }

    /// <summary>Measured phase time cap (seconds): no operation starts after it.</summary>
    public double Seconds { get; init; }

    /// <summary>How long to wait for casts still in flight to reach the server after the last send (seconds).</summary>
    public double DrainSeconds { get; init; } = 15;
}
