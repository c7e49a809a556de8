using Oslo.Messaging.Internal;
using Oslo.Messaging.Tests.Support;

namespace Oslo.Messaging.Tests.Internal;

/// <summary>The reused deadline sources of <see cref="DeadlineSend"/>.</summary>
public sealed class DeadlineTests
{
    /// <summary>A source whose timer was armed but did not fire is reused, and the old timer no longer cancels it.</summary>
    [Fact]
    public async Task Return_ArmedButNotFired_IsReusedAndStaysUncancelled()
    {
        var first = Deadline.Rent(TimeProvider.System);
        first.CancelAfter(TimeSpan.FromMilliseconds(100));
        Deadline.Return(first, TimeProvider.System);

        var second = Deadline.Rent(TimeProvider.System);
        await Task.Delay(TimeSpan.FromMilliseconds(400));

        Assert.Same(first, second);
        Assert.False(second.IsCancellationRequested);
    }

    /// <summary>A source whose timer fired is never reused (its token is cancelled for good).</summary>
    [Fact]
    public void Return_Fired_IsNotReused()
    {
        var first = Deadline.Rent(TimeProvider.System);
        first.CancelAfter(TimeSpan.Zero);
        Assert.True(SpinWait.SpinUntil(() => first.IsCancellationRequested, TimeSpan.FromSeconds(10)));
        Deadline.Return(first, TimeProvider.System);

        var second = Deadline.Rent(TimeProvider.System);

        Assert.NotSame(first, second);
        Assert.False(second.IsCancellationRequested);
    }

    /// <summary>Another clock's timer cannot say whether it fired: such sources are never reused.</summary>
    [Fact]
    public void Return_OtherClock_IsNotReused()
    {
        var time = new ManualTimeProvider();
        var first = Deadline.Rent(time);
        Deadline.Return(first, time);

        Assert.NotSame(first, Deadline.Rent(time));
    }
}
