using System.Net;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;

namespace JobFinder.Ops.Rollout;

/// <summary>Everything <see cref="RolloutEngine"/> takes; unset values come from the project's ops settings.</summary>
public sealed record DeploymentOptions
{
    public required JobFinderProject Project { get; init; }

    /// <summary>A preset; null uses the settings' strategy (or Custom when <see cref="TrafficSteps"/> is given).</summary>
    public RolloutStrategy? Strategy { get; init; }

    /// <summary>Custom cumulative steps, e.g. 5,25,100.</summary>
    public IReadOnlyList<int>? TrafficSteps { get; init; }

    public TimeSpan? BakeTime { get; init; }

    public int? ThrottleLimit { get; init; }

    /// <summary><c>firebase deploy --only</c> syntax.</summary>
    public string? Only { get; init; }

    /// <summary>Which managed functions that left the source are deleted after a successful rollout
    /// (<c>-PruneFunctions</c>, each confirmed on its own by the cmdlet); by default none is. The
    /// others are planned as <see cref="PlannedChangeAction.Extra"/>: reported and kept.</summary>
    public Func<string, bool> MayDeleteFunction { get; init; } = _ => false;

    /// <summary><c>-BreakStaleLock</c>: a lock older than rollout.lockStaleAfter may be broken (after the
    /// cmdlet's own question, <see cref="MayBreakStaleLock"/>); without it a stale lock refuses.</summary>
    public bool BreakStaleLock { get; init; }

    public bool PruneIndexes { get; init; }

    /// <summary>The rollback point; required unless <see cref="SkipBackup"/>.</summary>
    public BackupManifest? Backup { get; init; }

    public bool SkipBackup { get; init; }

    /// <summary>The caller takes the backup after confirmation (-NewBackup) and sets <see cref="Backup"/>
    /// before the deployment starts: the preflight does not ask for one, the start checks it.</summary>
    public bool BackupPending { get; init; }

    /// <summary>Deploy even when the current revisions (the rollback target) are not viable (deleted,
    /// not Ready, image cleaned up); the gate then only warns.</summary>
    public bool SkipRollbackCheck { get; init; }

    public StagingSmokeEvidence? StagingSmoke { get; init; }

    /// <summary>The webhook stakeholders are told through (-NotifyUri, or the variable the settings'
    /// monitoring.notifyWebhookEnvVar names): the start, each canary step's verdict and the outcome.
    /// Null sends nothing. A failing webhook is a warning, never a reason to stop or roll back.</summary>
    public WebhookTarget? Notify { get; init; }

    public Notifier Notifier { get; init; } = new();

    /// <summary>Overrides the settings' thresholds (tests, one-off deployments).</summary>
    public AnalysisThresholds? Thresholds { get; init; }

    /// <summary>Asked before a stale lock is broken (the cmdlet's ShouldProcess); default refuses.</summary>
    public Func<LockOwner, bool> MayBreakStaleLock { get; init; } = _ => false;

    /// <summary>Smoke-test user for checks that need a Firebase ID token.</summary>
    public NetworkCredential? SmokeUser { get; init; }

    /// <summary>Where smoke checks read the variables their auth settings name.</summary>
    public Func<string, string?> SmokeEnvironment { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Resolves steps and bake: explicit steps make a Custom strategy; a preset brings its own;
    /// otherwise the settings' (already resolved) values.</summary>
    public (RolloutStrategy Strategy, IReadOnlyList<int> Steps, TimeSpan Bake) ResolveStrategy()
    {
        var settings = Project.Settings.Rollout;
        if (TrafficSteps is { } steps)
        {
            return (RolloutStrategy.Custom, steps, BakeTime ?? settings.BakeTime);
        }

        if (Strategy is { } strategy)
        {
            var preset = JobFinder.Ops.Project.RolloutStrategyPresets.Resolve(strategy);
            return preset is { } p ? (strategy, p.Steps, BakeTime ?? p.Bake) : (strategy, settings.TrafficSteps, BakeTime ?? settings.BakeTime);
        }

        return (settings.Strategy, settings.TrafficSteps, BakeTime ?? settings.BakeTime);
    }
}
