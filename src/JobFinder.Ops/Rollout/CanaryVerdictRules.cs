using System.Globalization;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>The decision itself, apart from how the numbers were gathered: absolute limits first
/// (error rate, timeout rate, p95), then canary against stable, then the minimum sample.</summary>
public static class CanaryVerdictRules
{
    /// <summary>The absolute limits, the hard fails of every verdict: error rate, timeout rate, p95.
    /// Returns why the canary breaks one, or null.</summary>
    public static string? AbsoluteLimit(RevisionSample canary, AnalysisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (canary.Requests > 0 && canary.ErrorRate > thresholds.MaxErrorRate)
        {
            return $"error rate {F(canary.ErrorRate)} ({canary.Errors}/{canary.Requests}) is over the {F(thresholds.MaxErrorRate)} limit";
        }

        if (canary.Requests > 0 && canary.TimeoutRate > thresholds.MaxTimeoutRate)
        {
            return $"timeout rate {F(canary.TimeoutRate)} ({canary.Timeouts}/{canary.Requests}) is over the {F(thresholds.MaxTimeoutRate)} limit";
        }

        if (canary.P95Ms is { } p95 && p95 >= thresholds.MaxP95Ms)
        {
            return string.Create(CultureInfo.InvariantCulture, $"p95 latency {p95:0} ms reaches the {thresholds.MaxP95Ms:0} ms limit");
        }

        return null;
    }

    private static string F(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <param name="canary">The new revision's sample (real traffic plus any probes).</param>
    /// <param name="stable">The stable revision's real traffic; null when it had none.</param>
    /// <param name="thresholds">The analysis settings.</param>
    /// <param name="metricsOnly">The function is not called by users (scheduled, event, task queue,
    /// blocking): no probe can fill a thin sample, so the minimum sample does not apply; the limits still
    /// judge every request it did serve.</param>
    public static (CanaryDecision Decision, string Reason) Decide(RevisionSample canary, RevisionSample? stable, AnalysisThresholds thresholds, bool metricsOnly = false)
    {
        if (AbsoluteLimit(canary, thresholds) is { } limit)
        {
            return (CanaryDecision.Fail, limit);
        }

        if (canary.Requests >= thresholds.MinRequests && stable is { Requests: > 0 }
            && canary.ErrorRate - stable.ErrorRate > thresholds.MaxErrorRateIncreaseOverStable)
        {
            return (CanaryDecision.Fail, $"error rate {F(canary.ErrorRate)} is {F(canary.ErrorRate - stable.ErrorRate)} above stable's {F(stable.ErrorRate)} (allowed margin {F(thresholds.MaxErrorRateIncreaseOverStable)})");
        }

        if (canary.Requests < thresholds.MinRequests)
        {
            return metricsOnly
                ? (CanaryDecision.Pass, $"{canary.Requests} request(s) seen, none over a limit; judged by its metrics only (its trigger is not called by users, so no synthetic probes)")
                : (CanaryDecision.Inconclusive, $"{canary.Requests} request(s) seen, fewer than the minimum of {thresholds.MinRequests}");
        }

        return (CanaryDecision.Pass, string.Create(CultureInfo.InvariantCulture,
            $"{canary.Requests} requests: error rate {F(canary.ErrorRate)}, timeouts {F(canary.TimeoutRate)}, p95 {(canary.P95Ms is { } p ? p.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a")} within limits"));
    }

    /// <summary>Real traffic plus probe results for the same revision.</summary>
    public static RevisionSample Combine(RevisionSample real, RevisionSample? probes) => probes is null ? real : new RevisionSample
    {
        Revision = real.Revision,
        Requests = real.Requests + probes.Requests,
        Errors = real.Errors + probes.Errors,
        Timeouts = real.Timeouts + probes.Timeouts,
        P50Ms = Max(real.P50Ms, probes.P50Ms),
        P95Ms = Max(real.P95Ms, probes.P95Ms),
    };

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
