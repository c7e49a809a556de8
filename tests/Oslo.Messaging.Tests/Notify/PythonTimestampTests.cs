using Oslo.Messaging.Notify.Internal;

namespace Oslo.Messaging.Tests.Notify;

public sealed class PythonTimestampTests
{
    [Theory]
    [InlineData(0L, "2026-11-21 04:45:40")] // str(datetime) leaves out a zero fraction
    [InlineData(7621160L, "2026-11-21 04:45:40.762116")]
    [InlineData(10L, "2026-11-21 04:45:40.000001")]
    [InlineData(9L, "2026-11-21 04:45:40")] // below a microsecond: Python has no such precision
    public void Format_AsPythonStrOfUtcDatetime(long extraTicks, string expected)
    {
        var time = new DateTimeOffset(2026, 11, 21, 5, 45, 40, TimeSpan.FromHours(1)).AddTicks(extraTicks);

        Assert.Equal(expected, PythonTimestamp.Format(time));
    }
}
