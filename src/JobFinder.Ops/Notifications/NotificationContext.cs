using JobFinder.Ops.Model;

namespace JobFinder.Ops.Notifications;

/// <summary>What the communication template needs beyond the deployment record: who to contact, the
/// analysis thresholds of the monitoring plan and how long production is watched afterwards. Every
/// value is optional; the composer falls back to the record's owner, the verdicts' thresholds (or
/// the plan's defaults) and no watch.</summary>
public sealed record NotificationContext
{
    /// <summary>Who to contact (a name, an e-mail, a channel). Default: the record's owner.</summary>
    public string? Contact { get; init; }

    public AnalysisThresholds? Thresholds { get; init; }

    /// <summary>How long production is watched after the rollout (the plan says 1–2 hours).</summary>
    public TimeSpan? WatchDuration { get; init; }

    /// <summary>Replaces the computed "expected impact" line.</summary>
    public string? ExpectedImpact { get; init; }
}
