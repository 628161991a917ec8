using System.Globalization;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Judges one canary at one traffic step on delayed, bucketed data. Only complete, visible
/// Monitoring buckets count (<see cref="MonitoringDelay"/>), from the first bucket wholly after the
/// traffic moved. At each newly visible bucket the absolute limits (hard fails) and the
/// <see cref="SequentialCanaryTest"/> are checked: a Fail ends the step at once. Once the bake's worth
/// of data is visible the step passes if nothing points at a regression; otherwise it keeps reading
/// new buckets until the test decides or <see cref="AnalysisThresholds.MaxBakeMultiple"/> bakes of data
/// are visible. With too little real traffic for the test, synthetic probes (immediate, recorded apart)
/// fill the sample for the absolute limits and the minimum sample, as the fixed rules did. The clock and
/// the metrics source are parameters: the deployment runs this on Cloud Monitoring and the wall clock,
/// the <c>canary-verdict</c> bench on a simulated service and a virtual clock.</summary>
public sealed class CanaryStepAnalysis(IAnalysisClock clock, ICanaryMetricsSource source, MonitoringDelay delay, IEngineEventSink events)
{
    /// <summary>Multiples of the minimum sample the canary needs before an absolute limit may fail it
    /// ahead of the bake's end.</summary>
    private const int EarlyLimitSample = 5;

    /// <summary>Sends synthetic probes to the canary; null when it may not be probed.</summary>
    public delegate Task<RevisionSample?> ProbeCanary(CancellationToken cancellationToken);

    public async Task<CanaryVerdict> RunAsync(CanaryTarget target, int canaryPercent, DateTimeOffset stepStart, TimeSpan bake, AnalysisThresholds thresholds, int bakeExtensions, bool metricsOnly, ProbeCanary? probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(thresholds);
        var period = delay.SamplePeriod;
        var first = delay.FirstBucketFrom(stepStart);
        var window = bake < period ? period : bake;
        var bakeEnd = delay.Ceiling(first + window);
        var maxEnd = delay.Ceiling(first + (window * Math.Max(1, thresholds.MaxBakeMultiple)));
        var test = new SequentialCanaryTest(thresholds);
        var canary = new Totals(target.CanaryRevision);
        var stable = new Totals(target.StableRevision);
        var read = first;
        while (true)
        {
            var visible = Min(delay.VisibleThrough(clock.UtcNow), maxEnd);
            if (visible > read)
            {
                var buckets = await source.ReadAsync(target.ServiceId, read, visible, period, cancellationToken).ConfigureAwait(false);
                var canaryBuckets = BucketsOf(buckets, target.CanaryRevision);
                var stableBuckets = BucketsOf(buckets, target.StableRevision);
                for (var end = read + period; end <= visible; end += period)
                {
                    var c = canaryBuckets.GetValueOrDefault(end) ?? new MetricBucket(end - period, end, 0, 0, 0, null);
                    var s = stableBuckets.GetValueOrDefault(end);
                    test.Observe(c, s);
                    canary.Add(c);
                    stable.Add(s);
                    // Between bake ends an absolute limit fails the step as soon as the sample is large enough
                    // that chance alone rarely crosses it (a few errors in the first 20 requests would).
                    if (canary.Requests >= EarlyLimitSample * thresholds.MinRequests && CanaryVerdictRules.AbsoluteLimit(canary.Sample, thresholds) is { } limit)
                    {
                        return Verdict(CanaryDecision.Fail, VerdictBasis.AbsoluteLimit, $"{limit} over {test.Buckets} visible bucket(s)", end);
                    }

                    if (test.Failed is { } which)
                    {
                        return Verdict(CanaryDecision.Fail, VerdictBasis.SequentialTest, string.Create(CultureInfo.InvariantCulture,
                            $"the {which} test reached its fail bound after {test.Buckets} visible bucket(s): log LR {(which == "latency" ? test.LatencyStatistic : test.ErrorStatistic):0.00} >= {test.FailBound:0.00} (canary {canary.Sample.ErrorRate:P2} 5xx of {canary.Requests}, stable {stable.Sample.ErrorRate:P2} of {stable.Requests})"), end);
                    }
                }

                read = visible;
            }

            if (read >= bakeEnd)
            {
                if (canary.Requests < thresholds.MinRequests)
                {
                    return await ThinAsync(read).ConfigureAwait(false);
                }

                if (CanaryVerdictRules.AbsoluteLimit(canary.Sample, thresholds) is { } limit)
                {
                    return Verdict(CanaryDecision.Fail, VerdictBasis.AbsoluteLimit, $"{limit} over {test.Buckets} visible bucket(s)", read);
                }

                if (test.Accepted)
                {
                    return Verdict(CanaryDecision.Pass, VerdictBasis.NoRegressionShown, string.Create(CultureInfo.InvariantCulture,
                        $"{test.Buckets} visible bucket(s), {canary.Requests} requests: error rate {canary.Sample.ErrorRate:P2} against stable's {stable.Sample.ErrorRate:P2} (log LR {test.ErrorStatistic:0.00}, pass bound {test.PassBound:0.00}{(test.ErrorEvents == 0 ? ", no errors on either" : "")}), latency not worse; absolute limits kept"), read);
                }

                if (read >= maxEnd)
                {
                    return Verdict(CanaryDecision.Pass, VerdictBasis.MaximumWait, string.Create(CultureInfo.InvariantCulture,
                        $"no regression shown within the maximum wait: {test.Buckets} visible bucket(s), log LR errors {test.ErrorStatistic:0.00}, latency {test.LatencyStatistic:0.00}, both under the fail bound {test.FailBound:0.00}"), read);
                }
            }

            var next = delay.VisibleAt(read + period);
            events.Progress(new ProgressInfo(ProgressIds.DeploymentBake, $"Analysing {target.FunctionId} at canary={canaryPercent}%",
                string.Create(CultureInfo.InvariantCulture, $"{test.Buckets} bucket(s) visible; next at {next:HH:mm:ss}"), -1, (int)Math.Ceiling(Math.Max(0, (next - clock.UtcNow).TotalSeconds)), ParentActivityId: ProgressIds.Deployment));
            await clock.DelayAsync(next - clock.UtcNow, cancellationToken).ConfigureAwait(false);
        }

        async Task<CanaryVerdict> ThinAsync(DateTimeOffset visibleThrough)
        {
            var probes = thresholds.SyntheticProbes && probe is not null && thresholds.ProbeCount > 0 ? await probe(cancellationToken).ConfigureAwait(false) : null;
            var combined = CanaryVerdictRules.Combine(canary.Sample, probes);
            var (decision, reason) = CanaryVerdictRules.Decide(combined, stable.Requests > 0 ? stable.Sample : null, thresholds, metricsOnly);
            return Verdict(decision, VerdictBasis.ThinTraffic, reason + (probes is null ? "" : $" ({probes.Requests} synthetic probe(s) with {canary.Requests} real request(s))"), visibleThrough, probes);
        }

        CanaryVerdict Verdict(CanaryDecision decision, VerdictBasis basis, string reason, DateTimeOffset visibleThrough, RevisionSample? probes = null)
        {
            var result = test.Result(visibleThrough);
            var canarySample = CanaryVerdictRules.Combine(canary.Sample, probes);
            var stableSample = stable.Requests > 0 ? stable.Sample : null;
            events.Verbose($"{target.FunctionId} at {canaryPercent}%: {decision} ({basis}): {reason}. Canary {canarySample}; stable {(stableSample?.ToString() ?? "no traffic")}.");
            return new CanaryVerdict
            {
                FunctionId = target.FunctionId,
                Decision = decision,
                Reason = reason,
                CanaryPercent = canaryPercent,
                Canary = canarySample,
                Stable = stableSample,
                ProbesUsed = probes is not null,
                ProbeCount = (int)(probes?.Requests ?? 0),
                Probes = probes,
                RealRequests = canary.Requests,
                WindowStart = first,
                WindowEnd = visibleThrough,
                BakeExtensions = bakeExtensions,
                Thresholds = thresholds,
                Basis = basis,
                Test = result,
                DecidedAt = clock.UtcNow,
            };
        }
    }

    private static Dictionary<DateTimeOffset, MetricBucket> BucketsOf(IReadOnlyDictionary<string, IReadOnlyList<MetricBucket>> buckets, string revision) =>
        (buckets.GetValueOrDefault(revision) ?? []).ToDictionary(b => b.End);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>One revision's buckets added up; p95 is the median of the buckets' p95s (a robust
    /// stand-in for the whole window's, which Monitoring would need another query for).</summary>
    private sealed class Totals(string revision)
    {
        private readonly List<double> _p95s = [];
        private long _errors;
        private long _timeouts;

        public long Requests { get; private set; }

        public void Add(MetricBucket? bucket)
        {
            if (bucket is null)
            {
                return;
            }

            Requests += bucket.Requests;
            _errors += bucket.Errors;
            _timeouts += bucket.Timeouts;
            if (bucket.P95Ms is { } p95)
            {
                _p95s.Add(p95);
            }
        }

        public RevisionSample Sample => new()
        {
            Revision = revision,
            Requests = Requests,
            Errors = _errors,
            Timeouts = _timeouts,
            P95Ms = _p95s.Count == 0 ? null : _p95s.Order().ElementAt(_p95s.Count / 2),
        };
    }
}
