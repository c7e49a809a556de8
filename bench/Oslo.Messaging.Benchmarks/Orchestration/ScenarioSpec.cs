using Oslo.Messaging.Benchmarks.Harness;

namespace Oslo.Messaging.Benchmarks.Orchestration;

/// <summary>One scenario of the plan, with its operation caps for broker and in-process implementations.</summary>
/// <param name="Quick">Also run in quick mode (the scenarios the targets read); quick mode runs fewer scenarios, each
/// measured exactly as in full mode, so its verdicts are comparable.</param>
internal sealed record ScenarioSpec(string Id, string Title, string Kind, int Concurrency, int PayloadBytes, int BrokerCount, int MemoryCount, bool Quick = false)
{
    public bool IsCall => Kind == "call";

    public ScenarioCommand ToCommand(bool inProcess, double seconds, double warmupSeconds, double jitSettleSeconds) => new()
    {
        Id = Id,
        Kind = Kind,
        Concurrency = Concurrency,
        PayloadBytes = PayloadBytes,
        Count = inProcess ? MemoryCount : BrokerCount,
        Seconds = seconds,
        WarmupSeconds = warmupSeconds,
        JitSettleSeconds = jitSettleSeconds,
        WarmupCount = Math.Max(10, (inProcess ? MemoryCount : BrokerCount) / 5),
    };
}
