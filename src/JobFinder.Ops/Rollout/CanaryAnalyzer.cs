using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>What the analyzer needs to know about one canary.</summary>
internal sealed record CanaryTarget(
    string FunctionId,
    string ServiceId,
    string StableRevision,
    string CanaryRevision,
    string? CanaryUrl,
    FunctionTriggerKind Trigger,
    TimeSpan FunctionTimeout);

/// <summary>Judges one function's canary at one step: reads both revisions' real traffic from Cloud
/// Monitoring over the bake window; when the canary saw fewer than <c>minRequests</c>, sends synthetic
/// probes to its tag URL (recording that it did, and how many) if users call it (HTTPS, callable); then
/// applies <see cref="CanaryVerdictRules"/>. A function of another trigger is judged by its metrics only.</summary>
internal sealed class CanaryAnalyzer(GoogleRestClient client)
{
    private readonly RevisionMetricsReader _metrics = new(client);
    private readonly SyntheticProber _prober = new(client.Connection.HttpClient, client.Events);

    public async Task<CanaryVerdict> AnalyzeAsync(string projectId, CanaryTarget target, int canaryPercent, DateTimeOffset windowStart, AnalysisThresholds thresholds, int bakeExtensions, CancellationToken cancellationToken)
    {
        var windowEnd = DateTimeOffset.UtcNow;
        var samples = await _metrics.ReadAsync(projectId, target.ServiceId, windowStart, windowEnd, cancellationToken).ConfigureAwait(false);
        var real = samples.GetValueOrDefault(target.CanaryRevision) ?? new RevisionSample { Revision = target.CanaryRevision };
        var stable = samples.GetValueOrDefault(target.StableRevision);
        RevisionSample? probes = null;
        var callable = SyntheticProber.MayProbe(target.Trigger);
        if (real.Requests < thresholds.MinRequests && thresholds.SyntheticProbes && callable && target.CanaryUrl is not null && thresholds.ProbeCount > 0)
        {
            probes = await _prober.ProbeAsync(target.CanaryRevision, target.CanaryUrl, target.Trigger, thresholds.ProbeCount, target.FunctionTimeout, cancellationToken).ConfigureAwait(false);
        }

        var canary = CanaryVerdictRules.Combine(real, probes);
        var (decision, reason) = CanaryVerdictRules.Decide(canary, stable, thresholds, metricsOnly: !callable);
        client.Events.Verbose($"{target.FunctionId} at {canaryPercent}%: {decision}: {reason}. Canary {canary}; stable {(stable?.ToString() ?? "no traffic")}{(probes is null ? "" : $"; {probes.Requests} synthetic probe(s) used")}.");
        return new CanaryVerdict
        {
            FunctionId = target.FunctionId,
            Decision = decision,
            Reason = reason,
            CanaryPercent = canaryPercent,
            Canary = canary,
            Stable = stable,
            ProbesUsed = probes is not null,
            ProbeCount = (int)(probes?.Requests ?? 0),
            RealRequests = real.Requests,
            WindowStart = windowStart,
            WindowEnd = windowEnd,
            BakeExtensions = bakeExtensions,
            Thresholds = thresholds,
        };
    }
}
