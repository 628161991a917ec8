namespace JobFinder.Ops.Model;

/// <summary>The sequential test's state when a canary was judged (see SequentialCanaryTest).</summary>
public sealed record SequentialTestResult
{
    /// <summary>log likelihood ratio of "the canary's error rate is RegressionRatio times stable's"
    /// against "the same"; Fail at <see cref="FailBound"/>, Pass at <see cref="PassBound"/>.</summary>
    public double ErrorLogLikelihoodRatio { get; init; }

    /// <summary>The same for the latency sign test on each bucket's p95.</summary>
    public double LatencyLogLikelihoodRatio { get; init; }

    public double FailBound { get; init; }

    public double PassBound { get; init; }

    public double RegressionRatio { get; init; }

    /// <summary>Complete, visible Monitoring buckets the test read.</summary>
    public int BucketsUsed { get; init; }

    /// <summary>The end of the newest bucket read: Monitoring showed nothing later yet.</summary>
    public DateTimeOffset VisibleThrough { get; init; }
}
