namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>
/// A figure over the rounds of a scenario: the median and a confidence interval of it, <see cref="Low"/> to
/// <see cref="High"/>. The interval is made of order statistics (the k-th smallest and the k-th largest round), with
/// the largest k whose coverage is still at least <see cref="Confidence"/>, so no assumption about how the rounds are
/// distributed: with the plan's 8 rounds it is the 2nd to the 7th round (93.0%), which a single disturbed round —
/// the usual accident on a shared 2-core machine — cannot move; with 5 rounds (the old plan) it was the min–max (93.8%).
/// </summary>
internal readonly record struct Spread(double Median, double Low, double High, int Rounds)
{
    /// <summary>The smallest coverage an interval may have (8 rounds, 2nd to 7th: 1 - 2 x 9/256 = 92.97%).</summary>
    public const double Confidence = 0.925;

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
        var k = OrderStatistic(sorted.Length);
        return new Spread(median, sorted[k - 1], sorted[^k], sorted.Length);
    }

    /// <summary>
    /// The largest k (1-based) such that [X(k), X(n+1-k)] covers the median with probability at least
    /// <see cref="Confidence"/>: the interval misses it only when at least n+1-k rounds fall on one side, which for
    /// each side has the probability P(Binomial(n, 1/2) &lt;= k-1). Falls back to the min–max (k = 1) for few rounds.
    /// </summary>
    public static int OrderStatistic(int rounds)
    {
        var k = 1;
        while (k + 1 <= (rounds + 1) / 2 && Coverage(rounds, k + 1) >= Confidence)
        {
            k++;
        }

        return k;
    }

    /// <summary>P(X(k) &lt;= median &lt;= X(n+1-k)) = 1 - 2 P(Binomial(n, 1/2) &lt;= k-1).</summary>
    public static double Coverage(int rounds, int k)
    {
        double tail = 0, term = Math.Pow(0.5, rounds); // C(n, 0) / 2^n
        for (var i = 0; i < k; i++)
        {
            tail += term;
            term = term * (rounds - i) / (i + 1);
        }

        return 1 - 2 * tail;
    }

    /// <summary>The median, then the interval in parentheses when there was more than one round.</summary>
    public string Format(Func<double, string> format) =>
        Rounds > 1 ? $"{format(Median)} ({format(Low)}–{format(High)})" : format(Median);
}
