namespace JobFinder.Ops.Smoke;

/// <summary>Nearest-rank percentiles: the smallest latency with at least p% of the samples at or below
/// it. With few samples (a smoke run has a handful) this reports a latency that really happened,
/// instead of interpolating one that did not.</summary>
public static class LatencyPercentiles
{
    public static double NearestRank(IReadOnlyCollection<double> samples, double percentile)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (samples.Count == 0)
        {
            return 0;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
