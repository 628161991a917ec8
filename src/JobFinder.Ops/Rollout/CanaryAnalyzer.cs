using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>What the analyzer needs to know about one canary.</summary>
public sealed record CanaryTarget(
    string FunctionId,
    string ServiceId,
    string StableRevision,
    string CanaryRevision,
    string? CanaryUrl,
    FunctionTriggerKind Trigger,
    TimeSpan FunctionTimeout);

/// <summary>Judges one function's canary at one step of a deployment: <see cref="CanaryStepAnalysis"/>
/// on Cloud Monitoring and the wall clock, with Monitoring's timing (Google's, or the emulator's scaled
/// copy), and synthetic probes to the canary's tag URL for functions users call (HTTPS, callable) when
/// real traffic is too thin. A function of another trigger is judged by its metrics only.</summary>
internal sealed class CanaryAnalyzer(GoogleRestClient client)
{
    private readonly SyntheticProber _prober = new(client.Connection.HttpClient, client.Events);
    private MonitoringDelay? _delay;

    public async Task<CanaryVerdict> AnalyzeAsync(string projectId, CanaryTarget target, int canaryPercent, DateTimeOffset stepStart, TimeSpan bake, AnalysisThresholds thresholds, int bakeExtensions, CancellationToken cancellationToken)
    {
        _delay ??= await MonitoringDelay.OfAsync(client, cancellationToken).ConfigureAwait(false);
        var analysis = new CanaryStepAnalysis(SystemAnalysisClock.Instance, new MonitoringMetricsSource(client, projectId), _delay, client.Events);
        var callable = SyntheticProber.MayProbe(target.Trigger);
        CanaryStepAnalysis.ProbeCanary? probe = callable && target.CanaryUrl is { } url
            ? async token => await _prober.ProbeAsync(target.CanaryRevision, url, target.Trigger, thresholds.ProbeCount, target.FunctionTimeout, token).ConfigureAwait(false)
            : null;
        return await analysis.RunAsync(target, canaryPercent, stepStart, bake, thresholds, bakeExtensions, metricsOnly: !callable, probe, cancellationToken).ConfigureAwait(false);
    }
}
