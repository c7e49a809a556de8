namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>The figures of one scenario on one implementation (one JSON line of the worker protocol).</summary>
public sealed record ScenarioResult
{
    public string Scenario { get; init; } = "";

    public string Implementation { get; init; } = "";

    /// <summary>False when the scenario could not be measured; <see cref="Error"/> says why.</summary>
    public bool Ok { get; init; }

    public string? Error { get; init; }

    /// <summary>Operations completed in the measured phase (calls answered, or casts received by the server).</summary>
    public long Ops { get; init; }

    /// <summary>Operations that failed (exception, wrong echo); the first one's message is in <see cref="Error"/>.</summary>
    public long Errors { get; init; }

    /// <summary>Casts sent (cast scenarios only).</summary>
    public long? Sent { get; init; }

    public double ElapsedSeconds { get; init; }

    /// <summary>Operations per second.</summary>
    public double Throughput { get; init; }

    public double? P50Us { get; init; }

    public double? P90Us { get; init; }

    public double? P99Us { get; init; }

    public double? MaxUs { get; init; }

    public double? MeanUs { get; init; }

    /// <summary>Managed bytes allocated by the whole worker process per operation (client and server sides).</summary>
    public double? AllocBytesPerOp { get; init; }

    /// <summary>CPU time of the worker process(es) per operation, microseconds (the broker's CPU is not included).</summary>
    public double? CpuUsPerOp { get; init; }

    /// <summary>Voluntary context switches (a thread blocked, then woke) of the worker process(es) per operation (Linux getrusage; the broker's are not included).</summary>
    public double? SwitchesPerOp { get; init; }

    /// <summary>Gen0/1/2 collections during the measured phase.</summary>
    public string? Collections { get; init; }

    /// <summary>How long the warm-up went on for the runtime's compilation to settle (<see cref="JitSettle"/>), seconds;
    /// null where it did not apply.</summary>
    public double? JitSettleSeconds { get; init; }

    /// <summary>Methods the runtime compiled during the measured phase: near 0 when it measured optimised code only.
    /// Null for a worker that does not report it (Python).</summary>
    public long? JitMethods { get; init; }

    /// <summary>Peak resident set of the worker process during this round (warm-up included), or null where it cannot be
    /// measured per round (<see cref="PeakMemory"/>). In a result of record: the largest of the rounds.</summary>
    public long? PeakWorkingSetBytes { get; init; }

    /// <summary>Peak resident set of every round, bytes.</summary>
    public IReadOnlyList<double?>? RoundPeakWorkingSetBytes { get; init; }

    /// <summary>Throughput of every round of the scenario (set by the orchestrator; 0 for a failed round). The figures
    /// above are then the medians over the rounds.</summary>
    public IReadOnlyList<double>? RoundThroughputs { get; init; }

    /// <summary>p50 latency of every round (null for a failed round or a scenario without latencies).</summary>
    public IReadOnlyList<double?>? RoundP50Us { get; init; }

    /// <summary>Allocated bytes per operation of every round.</summary>
    public IReadOnlyList<double?>? RoundAllocBytesPerOp { get; init; }

    /// <summary>CPU microseconds per operation of every round.</summary>
    public IReadOnlyList<double?>? RoundCpuUsPerOp { get; init; }

    /// <summary>Methods compiled during the measured phase of every round (<see cref="JitMethods"/>).</summary>
    public IReadOnlyList<long?>? RoundJitMethods { get; init; }
}
