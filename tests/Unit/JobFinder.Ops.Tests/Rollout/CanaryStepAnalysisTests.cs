using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Rollout;

/// <summary>The verdict on delayed, bucketed data, on a virtual clock with Google's Monitoring timing.</summary>
public sealed class CanaryStepAnalysisTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 20, TimeSpan.Zero);
    private static readonly CanaryTarget Target = new("fn", "fn", "stable", "canary", null, FunctionTriggerKind.Https, TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Only_complete_visible_buckets_count_and_the_bake_waits_for_them()
    {
        var clock = new VirtualAnalysisClock(Start);
        var source = new FixedSource(canaryErrors: 3, stableErrors: 27) { Clock = clock };
        var verdict = await Analyse(clock, source, TimeSpan.FromMinutes(5));

        Assert.Equal(CanaryDecision.Pass, verdict.Decision);
        // The first bucket wholly after the step starts at 00:01; 5 minutes of it end at 00:06 and are
        // visible 180 s later: the verdict cannot come sooner, and reads nothing that was not yet visible.
        Assert.True(clock.UtcNow >= new DateTimeOffset(2026, 1, 1, 0, 9, 0, TimeSpan.Zero), $"decided at {clock.UtcNow:HH:mm:ss}");
        Assert.All(source.Reads, r => Assert.True(r.End + TimeSpan.FromSeconds(180) <= r.At, $"read up to {r.End:HH:mm:ss} at {r.At:HH:mm:ss}"));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero), verdict.WindowStart);
        Assert.True(verdict.BucketsUsed >= 5);
        Assert.NotNull(verdict.Test);
    }

    [Fact]
    public async Task Three_times_stables_error_rate_under_every_fixed_limit_fails_by_the_sequential_test()
    {
        // 3% against 1%: the fixed rules (10% limit, 5 points over stable) pass it.
        var source = new FixedSource(canaryErrors: 9, stableErrors: 27);
        var verdict = await Analyse(new VirtualAnalysisClock(Start), source, TimeSpan.FromMinutes(5));

        Assert.Equal(CanaryDecision.Fail, verdict.Decision);
        Assert.Equal(VerdictBasis.SequentialTest, verdict.Basis);
        Assert.True(verdict.Test!.ErrorLogLikelihoodRatio >= verdict.Test.FailBound);
        Assert.Contains("error rate test", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryDecision.Pass, CanaryVerdictRules.Decide(verdict.Canary, verdict.Stable, new AnalysisThresholds()).Decision);
    }

    [Fact]
    public async Task A_quarter_of_requests_timing_out_fails_at_an_absolute_limit_on_the_first_visible_bucket()
    {
        var verdict = await Analyse(new VirtualAnalysisClock(Start), new FixedSource(canaryErrors: 0, stableErrors: 0, canaryTimeouts: 75), TimeSpan.FromMinutes(5));

        Assert.Equal(CanaryDecision.Fail, verdict.Decision);
        Assert.Equal(VerdictBasis.AbsoluteLimit, verdict.Basis);
        // A timeout is a 504, so a quarter of requests timing out is also a quarter failing.
        Assert.Contains("25.0%", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(1, verdict.BucketsUsed);
    }

    [Fact]
    public async Task A_slow_canary_fails_at_the_p95_limit()
    {
        var verdict = await Analyse(new VirtualAnalysisClock(Start), new FixedSource(canaryErrors: 0, stableErrors: 0, canaryP95: 6000), TimeSpan.FromMinutes(5));

        Assert.Equal(CanaryDecision.Fail, verdict.Decision);
        Assert.Contains("p95 latency 6000 ms", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thin_traffic_is_filled_by_probes_recorded_apart()
    {
        var source = new FixedSource(canaryErrors: 0, stableErrors: 0, canaryRequests: 1);
        var probes = new RevisionSample { Revision = "canary", Requests = 20, P95Ms = 30 };
        var verdict = await new CanaryStepAnalysis(new VirtualAnalysisClock(Start), source, MonitoringDelay.Google, NullEventSink.Instance)
            .RunAsync(Target, 10, Start, TimeSpan.FromMinutes(1), new AnalysisThresholds(), 0, metricsOnly: false, _ => Task.FromResult<RevisionSample?>(probes), CancellationToken.None);

        Assert.Equal(CanaryDecision.Pass, verdict.Decision);
        Assert.Equal(VerdictBasis.ThinTraffic, verdict.Basis);
        Assert.Same(probes, verdict.Probes);
        Assert.Equal(1, verdict.RealRequests);
        Assert.Equal(21, verdict.Canary.Requests);
    }

    private static Task<CanaryVerdict> Analyse(IAnalysisClock clock, ICanaryMetricsSource source, TimeSpan bake) =>
        new CanaryStepAnalysis(clock, source, MonitoringDelay.Google, NullEventSink.Instance)
            .RunAsync(Target, 10, Start, bake, new AnalysisThresholds(), 0, metricsOnly: false, probe: null, CancellationToken.None);

    /// <summary>Every minute the same traffic: canary 300 requests, stable 2,700.</summary>
    private sealed class FixedSource(long canaryErrors, long stableErrors, long canaryTimeouts = 0, double canaryP95 = 200, long canaryRequests = 300) : ICanaryMetricsSource
    {
        public List<(DateTimeOffset End, DateTimeOffset At)> Reads { get; } = [];

        public VirtualAnalysisClock? Clock { get; set; }

        public Task<IReadOnlyDictionary<string, IReadOnlyList<MetricBucket>>> ReadAsync(string serviceId, DateTimeOffset start, DateTimeOffset end, TimeSpan period, CancellationToken cancellationToken)
        {
            Reads.Add((end, Clock?.UtcNow ?? end + TimeSpan.FromSeconds(180)));
            var canary = new List<MetricBucket>();
            var stable = new List<MetricBucket>();
            for (var e = start + period; e <= end; e += period)
            {
                canary.Add(new MetricBucket(e - period, e, canaryRequests, canaryErrors + canaryTimeouts, canaryTimeouts, canaryP95));
                stable.Add(new MetricBucket(e - period, e, 2700, stableErrors, 0, 200));
            }

            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<MetricBucket>>>(new Dictionary<string, IReadOnlyList<MetricBucket>> { ["canary"] = canary, ["stable"] = stable });
        }
    }
}
