using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Tests.Support;

namespace Oslo.Messaging.Tests.Rpc.Internal;

public sealed class InlinePaceTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMicroseconds(50);
    private static readonly TimeSpan Slow = InlinePace.SlowRun;

    private readonly ManualTimeProvider _time = new();
    private readonly InlinePace _pace;

    public InlinePaceTests() => _pace = new InlinePace(_time);

    [Fact]
    public void SlowRunsInARow_SendTheMethodToTheWorkers()
    {
        Assert.Null(Run("m", Slow));
        Assert.Null(Run("m", Slow));
        Assert.True(_pace.MayRunInline("m"));
        Assert.Equal(InlinePace.FirstProbation, Run("m", Slow));

        Assert.False(_pace.MayRunInline("m"));
        Assert.True(_pace.MayRunInline("other"));
    }

    [Fact]
    public void AFastRun_ResetsTheStreak()
    {
        Run("m", Slow);
        Run("m", Slow);
        Run("m", Fast);
        Run("m", Slow);
        Run("m", Slow);

        Assert.True(_pace.MayRunInline("m"));
    }

    [Fact]
    public void OneLongRun_SendsTheMethodToTheWorkersAtOnce()
    {
        var started = _pace.Now();
        _time.Advance(InlinePace.LongRun);

        // The log line reports the run that caused the demotion, as measured, not a later reading of the clock.
        Assert.Equal(new InlinePace.Demotion(InlinePace.FirstProbation, InlinePace.LongRun), _pace.Record("m", started));
        Assert.False(_pace.MayRunInline("m"));
    }

    [Fact]
    public void ARunInFlightWhenTheProbationBegan_DoesNotExtendIt()
    {
        var inFlight = _pace.Now();
        Run("m", InlinePace.LongRun);
        _time.Advance(InlinePace.LongRun);

        Assert.Null(_pace.Record("m", inFlight)); // reported once
        _time.Advance(InlinePace.FirstProbation - InlinePace.LongRun);
        Assert.True(_pace.MayRunInline("m"));
    }

    // Regression: a demotion was for the rest of the server's run, so one accident (the first call compiling its
    // path, a GC pause, a preempted thread) put a fast method on the workers for good (the benchmark run of record of
    // 2026-12-01 02:17: typed calls paid the hop on every call after it).
    [Fact]
    public void AfterItsProbation_TheMethodStartsInlineAgain()
    {
        Run("m", InlinePace.LongRun);
        _time.Advance(InlinePace.FirstProbation - TimeSpan.FromMilliseconds(1));
        Assert.False(_pace.MayRunInline("m"));

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(_pace.MayRunInline("m"));
        Assert.Null(Run("m", Fast));
        Assert.True(_pace.MayRunInline("m"));
    }

    [Fact]
    public void AMethodSlowEachTimeItIsTried_StaysTwiceAsLong_UpToTheLongest()
    {
        var probations = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            var probation = Run("m", InlinePace.LongRun)!.Value;
            probations.Add(probation);
            _time.Advance(probation);
            Assert.True(_pace.MayRunInline("m"));
        }

        var first = InlinePace.FirstProbation;
        var longest = InlinePace.LongestProbation;
        Assert.Equal([first, first * 2, first * 4, first * 8, longest, longest, longest, longest], probations);
    }

    [Fact]
    public void AFastRunBetweenProbations_StartsTheNextOneShortAgain()
    {
        var first = Run("m", InlinePace.LongRun)!.Value;
        _time.Advance(first);
        Assert.Null(Run("m", Fast));

        Assert.Equal(InlinePace.FirstProbation, Run("m", InlinePace.LongRun));
    }

    [Fact]
    public void ManySlowNames_TrackAtMostTheBound()
    {
        for (var i = 0; i < InlinePace.MaxTracked + 10; i++)
        {
            Run($"m{i}", InlinePace.LongRun);
        }

        Assert.False(_pace.MayRunInline($"m{InlinePace.MaxTracked - 1}")); // the last one tracked, on probation
        Assert.True(_pace.MayRunInline($"m{InlinePace.MaxTracked + 5}")); // past the bound: never tracked, stays inline
    }

    /// <summary>An inline run of <paramref name="method"/> that holds the consumer for <paramref name="held"/>.</summary>
    private TimeSpan? Run(string method, TimeSpan held)
    {
        var started = _pace.Now();
        _time.Advance(held);
        return _pace.Record(method, started)?.Probation;
    }
}
