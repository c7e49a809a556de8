using Oslo.Messaging.Rpc.Internal;

namespace Oslo.Messaging.Tests.Rpc.Internal;

public sealed class InlinePaceTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMicroseconds(50);
    private static readonly TimeSpan Slow = InlinePace.SlowRun;

    [Fact]
    public void SlowRunsInARow_SendTheMethodToTheWorkers()
    {
        var pace = new InlinePace();

        Assert.False(pace.Record("m", Slow));
        Assert.False(pace.Record("m", Slow));
        Assert.True(pace.MayRunInline("m"));
        Assert.True(pace.Record("m", Slow));

        Assert.False(pace.MayRunInline("m"));
        Assert.True(pace.MayRunInline("other"));
        Assert.False(pace.Record("m", Slow)); // reported once
    }

    [Fact]
    public void AFastRun_ResetsTheStreak()
    {
        var pace = new InlinePace();

        pace.Record("m", Slow);
        pace.Record("m", Slow);
        pace.Record("m", Fast);
        pace.Record("m", Slow);
        pace.Record("m", Slow);

        Assert.True(pace.MayRunInline("m"));
    }

    [Fact]
    public void OneLongRun_SendsTheMethodToTheWorkersAtOnce()
    {
        var pace = new InlinePace();

        Assert.True(pace.Record("m", InlinePace.LongRun));

        Assert.False(pace.MayRunInline("m"));
    }

    [Fact]
    public void ManySlowNames_TrackAtMostTheBound()
    {
        var pace = new InlinePace();

        for (var i = 0; i < InlinePace.MaxTracked + 10; i++)
        {
            pace.Record($"m{i}", InlinePace.LongRun);
        }

        Assert.False(pace.MayRunInline("m0"));
        Assert.True(pace.MayRunInline($"m{InlinePace.MaxTracked + 5}")); // past the bound: never tracked, stays inline
    }
}
