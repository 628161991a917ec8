namespace JobFinder.Ops.Model;

/// <summary>A rehearsed release and its undo: live state snapshotted, deployed, undone, a fresh
/// snapshot compared with the first (functions, traffic, rules), smoke checks run, each phase timed.
/// <see cref="Passed"/> means the rollback path works on this project as it is now.</summary>
public sealed record RehearsalReport
{
    public required string ProjectId { get; init; }

    public string? Environment { get; init; }

    /// <summary>The rehearsed deployment; null when it never started.</summary>
    public string? DeploymentId { get; init; }

    public DeploymentOutcome? DeploymentOutcome { get; init; }

    /// <summary>The undo's Rollback record.</summary>
    public string? RollbackId { get; init; }

    public required IReadOnlyList<RehearsalReportPhase> Phases { get; init; }

    /// <summary>How the state after the undo differs from the state before the deployment; empty when restored exactly.</summary>
    public IReadOnlyList<SnapshotDifference> Differences { get; init; } = [];

    /// <summary>Null when the project has no smoke checks.</summary>
    public bool? SmokePassed { get; init; }

    public string? SmokeSummary { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public TimeSpan Duration => Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);

    /// <summary>The time the undo took: what the bad day costs.</summary>
    public TimeSpan? UndoDuration => Phases.FirstOrDefault(p => p.Name == "Undo")?.Duration;

    public bool Passed => Phases.Count > 0 && Phases.All(p => p.Passed) && Differences.Count == 0 && SmokePassed != false;
}
