using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Canary against stable, one complete visible bucket at a time, decided sequentially with
/// error rates fixed up front (<see cref="AnalysisThresholds.FalseRollbackRate"/>, half for errors and
/// half for latency, so a good release is rolled back at most that often by either).
/// <para><b>Errors</b>: a sequential probability ratio test (Wald) on the conditional binomial. Given a
/// bucket's errors of both revisions, the canary's share of them is binomial with p = r·n_c / (r·n_c + n_s)
/// where r is the canary's error rate over stable's (Poisson errors; the same reduction as Netflix's
/// sequential canary tests). H0: r = 1 against H1: r = <see cref="AnalysisThresholds.RegressionRatio"/>.
/// <b>Latency</b>: a sign test on each bucket's p95 (canary slower than stable by over 10%): under H0 at
/// most half of the buckets, under H1 nine in ten.</para>
/// <para>The statistic is the log likelihood ratio. Fail when it reaches log(2/α): the likelihood ratio
/// is a nonnegative martingale under H0, so by Ville's inequality it ever gets there with probability at
/// most α/2, however often it is looked at and however long a step bakes. Pass (accept H0) when it falls to
/// Wald's lower bound log(β/(1−α/2)), β = <see cref="AnalysisThresholds.MissedRegressionRate"/>.</para></summary>
public sealed class SequentialCanaryTest
{
    /// <summary>Latency sign test: P(canary bucket p95 slower) under H0 (at most) and under H1.</summary>
    private const double SlowerUnderH0 = 0.5;
    private const double SlowerUnderH1 = 0.9;

    /// <summary>A canary bucket counts as slower when its p95 exceeds stable's by more than this factor.</summary>
    private const double SlowerFactor = 1.1;

    private readonly double _ratio;

    public SequentialCanaryTest(AnalysisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        _ratio = thresholds.RegressionRatio;
        FailBound = Math.Log(2 / thresholds.FalseRollbackRate);
        PassBound = Math.Log(thresholds.MissedRegressionRate / (1 - (thresholds.FalseRollbackRate / 2)));
    }

    public double FailBound { get; }

    public double PassBound { get; }

    /// <summary>log LR of the error-rate test so far.</summary>
    public double ErrorStatistic { get; private set; }

    /// <summary>log LR of the latency sign test so far.</summary>
    public double LatencyStatistic { get; private set; }

    public int Buckets { get; private set; }

    /// <summary>Errors of both revisions seen in the buckets both served: without any, the error test
    /// has no evidence either way.</summary>
    public long ErrorEvents { get; private set; }

    /// <summary>Buckets where both revisions had a p95.</summary>
    public int LatencyBuckets { get; private set; }

    /// <summary>Adds one bucket (the canary's and stable's over the same interval).</summary>
    public void Observe(MetricBucket canary, MetricBucket? stable)
    {
        ArgumentNullException.ThrowIfNull(canary);
        Buckets++;
        if (stable is not { Requests: > 0 } || canary.Requests == 0)
        {
            return;
        }

        double nc = canary.Requests, ns = stable.Requests;
        var p0 = nc / (nc + ns);
        var p1 = _ratio * nc / ((_ratio * nc) + ns);
        ErrorStatistic += (canary.Errors * Math.Log(p1 / p0)) + (stable.Errors * Math.Log((1 - p1) / (1 - p0)));
        ErrorEvents += canary.Errors + stable.Errors;
        if (canary.P95Ms is { } c && stable.P95Ms is { } s)
        {
            LatencyBuckets++;
            LatencyStatistic += c > s * SlowerFactor ? Math.Log(SlowerUnderH1 / SlowerUnderH0) : Math.Log((1 - SlowerUnderH1) / (1 - SlowerUnderH0));
        }
    }

    /// <summary>Which test, if any, reached its fail bound.</summary>
    public string? Failed =>
        ErrorStatistic >= FailBound ? "error rate" : LatencyStatistic >= FailBound ? "latency" : null;

    /// <summary>Nothing points at a regression: the error test accepted H0 or has no errors to weigh,
    /// and the latency test does not lean towards H1 (one bucket not slower outweighs two slower ones,
    /// so a release with the stable's latency is there after a bucket or two).</summary>
    public bool Accepted =>
        (ErrorStatistic <= PassBound || ErrorEvents == 0) && LatencyStatistic <= 0;

    public SequentialTestResult Result(DateTimeOffset visibleThrough) => new()
    {
        ErrorLogLikelihoodRatio = Math.Round(ErrorStatistic, 4),
        LatencyLogLikelihoodRatio = Math.Round(LatencyStatistic, 4),
        FailBound = Math.Round(FailBound, 4),
        PassBound = Math.Round(PassBound, 4),
        RegressionRatio = _ratio,
        BucketsUsed = Buckets,
        VisibleThrough = visibleThrough,
    };
}
