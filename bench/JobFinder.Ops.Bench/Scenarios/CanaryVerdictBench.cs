using System.Globalization;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>The canary verdict on Google's clock, simulated: a service whose stable revision serves
/// 50 requests/s at a 1% error rate (latency log-normal, median 100 ms, p95 about 230 ms), the strategy
/// Canary10Percent5Minutes (10% for a 5 minute bake, then 100%), Cloud Run's Monitoring timing (60 s
/// buckets visible 180 s after they end). 1,000 good releases, 1,000 at each of 1.5x, 2x and 5x the
/// stable error rate, 1,000 at each of 1.5x and 2x the latency. Each release is judged twice on the same
/// simulated data: by <see cref="CanaryStepAnalysis"/> (the engine's code, on a virtual clock and a
/// simulated metrics source) and by the fixed rules it replaced (<see cref="CanaryVerdictRules.Decide"/>
/// at the end of the bake on what Monitoring shows then, bake extensions when inconclusive).
/// "Caught before promotion" is a Fail at the 10% step. Seconds and requests to verdict: from the
/// traffic move to the verdict that caught the regression, and the canary's requests it read; a
/// regression never caught counts as never (a median that is never is reported as null).</summary>
public sealed class CanaryVerdictBench : IBenchScenario
{
    private const int Releases = 1000;
    private const double RequestsPerSecond = 50;
    private const double StableErrorRate = 0.01;
    private const int CanaryPercent = 10;
    private const double MedianLatencyMs = 100;
    private const double LatencySigma = 0.5;
    private static readonly TimeSpan Bake = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name => "canary-verdict";

    public string Description => "Sequential verdict vs the fixed rules on Google's Monitoring timing (goal: <=1% false rollbacks, >=95% of 2x and >=99% of 5x caught before promotion).";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, object>();
        var classes = new (string Name, double ErrorRatio, double LatencyRatio)[]
        {
            ("good", 1, 1), ("regression1_5x", 1.5, 1), ("regression2x", 2, 1), ("regression5x", 5, 1), ("latency1_5x", 1, 1.5), ("latency2x", 1, 2),
        };
        var seed = 18;
        foreach (var (name, errorRatio, latencyRatio) in classes)
        {
            var ours = new List<Outcome>(Releases);
            var baseline = new List<Outcome>(Releases);
            for (var i = 0; i < Releases; i++)
            {
                var release = new SimulatedRelease(new Random(seed++), errorRatio, latencyRatio);
                ours.Add(await JudgeAsync(release, cancellationToken));
                baseline.Add(await BaselineAsync(release, cancellationToken));
            }

            foreach (var (prefix, outcomes) in new[] { ("", ours), ("baseline.", baseline) })
            {
                var caught = outcomes.Count(o => o.Failed) / (double)Releases;
                if (name == "good")
                {
                    figures[prefix + "falseRollbackRate"] = Math.Round(caught, 4);
                    figures[prefix + "good.medianSecondsToVerdict"] = Median(outcomes.Select(o => (double?)o.Seconds));
                    continue;
                }

                figures[$"{prefix}{name}.caughtBeforePromotionRate"] = Math.Round(caught, 4);
                figures[$"{prefix}{name}.medianSecondsToVerdict"] = Median(outcomes.Select(o => o.Failed ? o.Seconds : (double?)null));
                figures[$"{prefix}{name}.medianRequestsToVerdict"] = Median(outcomes.Select(o => o.Failed ? o.Requests : (double?)null));
                figures[$"{prefix}{name}.medianSecondsToAnyVerdict"] = Median(outcomes.Select(o => (double?)o.Seconds));
            }
        }

        return figures;
    }

    /// <summary>The engine's verdict on the simulated data.</summary>
    private static async Task<Outcome> JudgeAsync(SimulatedRelease release, CancellationToken cancellationToken)
    {
        var clock = new VirtualAnalysisClock(release.StepStart);
        var analysis = new CanaryStepAnalysis(clock, release, MonitoringDelay.Google, NullEventSink.Instance);
        var verdict = await analysis.RunAsync(SimulatedRelease.Target, CanaryPercent, release.StepStart, Bake, new AnalysisThresholds(), 0, metricsOnly: false, probe: null, cancellationToken);
        return new Outcome(verdict.Decision == CanaryDecision.Fail, (clock.UtcNow - release.StepStart).TotalSeconds, verdict.RealRequests);
    }

    /// <summary>The fixed rules as they ran before: at the end of the bake, what Monitoring shows of the
    /// window (visible points only), judged by <see cref="CanaryVerdictRules.Decide"/>; Inconclusive bakes
    /// again, up to the default two extensions.</summary>
    private static Task<Outcome> BaselineAsync(SimulatedRelease release, CancellationToken cancellationToken)
    {
        var thresholds = new AnalysisThresholds();
        var delay = MonitoringDelay.Google;
        for (var extension = 0; ; extension++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = release.StepStart + (Bake * (extension + 1));
            var (canary, stable) = release.WindowAsSeen(release.StepStart, delay.VisibleThrough(now), delay.SamplePeriod);
            var (decision, _) = CanaryVerdictRules.Decide(canary, stable.Requests > 0 ? stable : null, thresholds);
            if (decision != CanaryDecision.Inconclusive || extension >= thresholds.MaxBakeExtensions)
            {
                return Task.FromResult(new Outcome(decision != CanaryDecision.Pass, (now - release.StepStart).TotalSeconds, canary.Requests));
            }
        }
    }

    private static object Median(IEnumerable<double?> values)
    {
        var sorted = values.Select(v => v ?? double.PositiveInfinity).Order().ToArray();
        var middle = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return double.IsInfinity(middle) ? "never" : Math.Round(middle, 1);
    }

    private readonly record struct Outcome(bool Failed, double Seconds, double Requests);

    /// <summary>One release's traffic, bucket by bucket, drawn once and served to both verdicts. The canary
    /// has 10% of the traffic from <see cref="StepStart"/> on (a random moment within a minute), stable the
    /// rest. A bucket's p95 is drawn from the sample quantile's normal approximation
    /// (sd = sqrt(0.95·0.05/n) / f(q95)) rather than from every request's latency.</summary>
    private sealed class SimulatedRelease : ICanaryMetricsSource
    {
        public static readonly CanaryTarget Target = new("simulated", "simulated", "stable", "canary", null, FunctionTriggerKind.Https, TimeSpan.FromSeconds(60));

        private readonly Random _random;
        private readonly double _errorRatio;
        private readonly double _latencyRatio;
        private readonly Dictionary<DateTimeOffset, (MetricBucket Canary, MetricBucket Stable)> _buckets = [];

        public SimulatedRelease(Random random, double errorRatio, double latencyRatio)
        {
            _random = random;
            _errorRatio = errorRatio;
            _latencyRatio = latencyRatio;
            StepStart = Epoch + TimeSpan.FromSeconds(random.NextDouble() * 60);
        }

        public DateTimeOffset StepStart { get; }

        public Task<IReadOnlyDictionary<string, IReadOnlyList<MetricBucket>>> ReadAsync(string serviceId, DateTimeOffset start, DateTimeOffset end, TimeSpan period, CancellationToken cancellationToken)
        {
            var canary = new List<MetricBucket>();
            var stable = new List<MetricBucket>();
            for (var bucketEnd = start + period; bucketEnd <= end; bucketEnd += period)
            {
                var (c, s) = Bucket(bucketEnd, period);
                canary.Add(c);
                stable.Add(s);
            }

            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<MetricBucket>>>(new Dictionary<string, IReadOnlyList<MetricBucket>> { ["canary"] = canary, ["stable"] = stable });
        }

        /// <summary>What the old reader saw: one window from the step start to what is visible (the
        /// points whose end lies in it, so the bucket the step started in counts whole, as Google does).</summary>
        public (RevisionSample Canary, RevisionSample Stable) WindowAsSeen(DateTimeOffset start, DateTimeOffset visibleThrough, TimeSpan period)
        {
            long cn = 0, ce = 0, sn = 0, se = 0;
            var p95 = new List<double>();
            for (var bucketEnd = MonitoringDelay.Google.Ceiling(start); bucketEnd <= visibleThrough; bucketEnd += period)
            {
                var (c, s) = Bucket(bucketEnd, period);
                (cn, ce, sn, se) = (cn + c.Requests, ce + c.Errors, sn + s.Requests, se + s.Errors);
                if (c.P95Ms is { } p)
                {
                    p95.Add(p);
                }
            }

            return (new RevisionSample { Revision = "canary", Requests = cn, Errors = ce, P95Ms = p95.Count == 0 ? null : p95.Max() },
                new RevisionSample { Revision = "stable", Requests = sn, Errors = se });
        }

        private (MetricBucket Canary, MetricBucket Stable) Bucket(DateTimeOffset end, TimeSpan period)
        {
            if (_buckets.TryGetValue(end, out var known))
            {
                return known;
            }

            var start = end - period;
            var canarySeconds = Math.Max(0, (end - (start > StepStart ? start : StepStart)).TotalSeconds);
            var canaryRequests = Poisson(RequestsPerSecond * CanaryPercent / 100 * canarySeconds);
            var stableRequests = Poisson(RequestsPerSecond * ((period.TotalSeconds - canarySeconds) + (canarySeconds * (100 - CanaryPercent) / 100)));
            var bucket = (
                new MetricBucket(start, end, canaryRequests, Binomial(canaryRequests, StableErrorRate * _errorRatio), 0, P95(canaryRequests, MedianLatencyMs * _latencyRatio)),
                new MetricBucket(start, end, stableRequests, Binomial(stableRequests, StableErrorRate), 0, P95(stableRequests, MedianLatencyMs)));
            _buckets[end] = bucket;
            return bucket;
        }

        private double? P95(long n, double median)
        {
            if (n == 0)
            {
                return null;
            }

            const double z95 = 1.6448536;
            var q = median * Math.Exp(z95 * LatencySigma);
            var density = Math.Exp(-z95 * z95 / 2) / Math.Sqrt(2 * Math.PI) / (q * LatencySigma);
            return q + (Normal() * Math.Sqrt(0.95 * 0.05 / n) / density);
        }

        private long Poisson(double mean) => Math.Max(0, (long)Math.Round(mean + (Normal() * Math.Sqrt(mean))));

        private long Binomial(long n, double p)
        {
            var mean = n * p;
            if (mean < 30)
            {
                // Small expected counts: exact enough as Poisson by inversion (errors are rare events).
                var limit = Math.Exp(-mean);
                long k = 0;
                for (var product = _random.NextDouble(); product > limit; product *= _random.NextDouble())
                {
                    k++;
                }

                return Math.Min(k, n);
            }

            return Math.Clamp((long)Math.Round(mean + (Normal() * Math.Sqrt(mean * (1 - p)))), 0, n);
        }

        private double Normal() =>
            Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
    }
}
