namespace JobFinder.Ops.Model;

/// <summary>A rules file in a <see cref="DeploymentPlan"/>: the release it moves and whether it changes.</summary>
public sealed record PlannedRulesChange
{
    /// <summary><c>firestore</c> or <c>storage</c>.</summary>
    public required string Service { get; init; }

    /// <summary>Full release name, e.g. <c>projects/P/releases/cloud.firestore</c>.</summary>
    public required string ReleaseName { get; init; }

    /// <summary>Rules file as firebase.json names it (relative to the project root).</summary>
    public required string File { get; init; }

    /// <summary><see cref="PlannedChangeAction.Unchanged"/> when the released ruleset has the same source;
    /// <see cref="PlannedChangeAction.Create"/> when there is no release yet; else Update.</summary>
    public required PlannedChangeAction Action { get; init; }

    /// <summary>Ruleset the release points at now; null when there is no release.</summary>
    public string? CurrentRuleset { get; init; }
}
