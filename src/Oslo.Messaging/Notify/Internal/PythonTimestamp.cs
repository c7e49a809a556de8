using System.Globalization;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>Python's <c>str(datetime)</c> of a naive UTC time, as oslo's notifier writes <c>timestamp</c>:
/// <c>YYYY-MM-DD HH:MM:SS.ffffff</c>, the fraction left out when it is zero.</summary>
internal static class PythonTimestamp
{
    public static string Format(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var microseconds = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        return microseconds == 0
            ? utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "." + microseconds.ToString("D6", CultureInfo.InvariantCulture);
    }
}
