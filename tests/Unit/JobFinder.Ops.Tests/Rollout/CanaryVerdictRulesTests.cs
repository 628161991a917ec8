using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Rollout;

public sealed class CanaryVerdictRulesTests
{
    private static readonly AnalysisThresholds Defaults = new();

    private static RevisionSample Sample(long requests, long errors = 0, long timeouts = 0, double? p95 = 100) =>
        new() { Revision = "svc-00002-new", Requests = requests, Errors = errors, Timeouts = timeouts, P95Ms = p95, P50Ms = p95 / 2 };

    [Fact]
    public void AnErrorRateOverTheLimitFailsWithItsNumbers()
    {
        var (decision, reason) = CanaryVerdictRules.Decide(Sample(60, errors: 18), null, Defaults);
        Assert.Equal(CanaryDecision.Fail, decision);
        Assert.Contains("30.0%", reason);
        Assert.Contains("18/60", reason);
    }

    [Fact]
    public void TimeoutsOverTwentyPercentFailEvenWithFewRequests()
    {
        var (decision, reason) = CanaryVerdictRules.Decide(Sample(10, errors: 0, timeouts: 3), null, Defaults);
        Assert.Equal(CanaryDecision.Fail, decision);
        Assert.Contains("timeout rate", reason);
    }

    [Fact]
    public void P95AtTheLimitFails()
    {
        Assert.Equal(CanaryDecision.Fail, CanaryVerdictRules.Decide(Sample(100, p95: 5000), null, Defaults).Decision);
        Assert.Equal(CanaryDecision.Pass, CanaryVerdictRules.Decide(Sample(100, p95: 4999), null, Defaults).Decision);
    }

    [Fact]
    public void TheCanaryIsComparedWithStableNotOnlyWithAbsoluteLimits()
    {
        var stable = Sample(1000, errors: 0) with { Revision = "svc-00001-old" };
        var (decision, reason) = CanaryVerdictRules.Decide(Sample(100, errors: 8), stable, Defaults);
        Assert.Equal(CanaryDecision.Fail, decision);
        Assert.Contains("above stable", reason);

        var noisyStable = stable with { Errors = 50 };
        Assert.Equal(CanaryDecision.Pass, CanaryVerdictRules.Decide(Sample(100, errors: 8), noisyStable, Defaults).Decision);
    }

    [Fact]
    public void TooFewRequestsIsInconclusive()
    {
        var (decision, reason) = CanaryVerdictRules.Decide(Sample(5), null, Defaults);
        Assert.Equal(CanaryDecision.Inconclusive, decision);
        Assert.Contains("minimum of 20", reason);
    }

    [Fact]
    public void AFunctionUsersDoNotCallIsJudgedByWhatItServed()
    {
        // A scheduled function ran twice during the bake: too few to be a sample, and nothing may call it
        // to make more, so the limits alone decide.
        var (decision, reason) = CanaryVerdictRules.Decide(Sample(2), null, Defaults, metricsOnly: true);
        Assert.Equal(CanaryDecision.Pass, decision);
        Assert.Contains("metrics only", reason);

        Assert.Equal(CanaryDecision.Fail, CanaryVerdictRules.Decide(Sample(2, errors: 1), null, Defaults, metricsOnly: true).Decision);
    }

    [Fact]
    public void ProbesAddToRealTraffic()
    {
        var combined = CanaryVerdictRules.Combine(Sample(5, errors: 1, p95: 80), Sample(60, errors: 2, p95: 120));
        Assert.Equal(65, combined.Requests);
        Assert.Equal(3, combined.Errors);
        Assert.Equal(120, combined.P95Ms);
    }
}
