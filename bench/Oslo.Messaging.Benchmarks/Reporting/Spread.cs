namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>
/// A figure over the rounds of a scenario: the median and the min–max. With the plan's 5 rounds the min–max is a 94%
/// confidence interval of the median (the chance that all 5 rounds fall on one side of the true median is 2/32),
/// with no assumption about how the rounds are distributed.
/// </summary>
internal readonly record struct Spread(double Median, double Min, double Max, int Rounds)
{
    /// <summary>The spread of the values, or null when there are none.</summary>
    public static Spread? Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>The median, then the range in parentheses when there was more than one round.</summary>
    public string Format(Func<double, string> format) =>
        Rounds > 1 ? $"{format(Median)} ({format(Min)}–{format(Max)})" : format(Median);
}
