namespace JobFinder.Ops.Model;

/// <summary>A Firebase Rules release (Firestore or Storage) and the ruleset it points at, with the
/// ruleset's source so the exact rules can be re-released or compared.</summary>
public sealed record LiveRulesRelease
{
    /// <summary><c>projects/P/releases/cloud.firestore</c> or <c>.../firebase.storage/BUCKET</c>.</summary>
    public required string ReleaseName { get; init; }

    /// <summary><c>projects/P/rulesets/ID</c>: what a rollback re-points the release at.</summary>
    public required string RulesetName { get; init; }

    /// <summary><c>firestore</c>, <c>storage</c> or <c>other</c>.</summary>
    public required string Service { get; init; }

    public IReadOnlyList<LiveRulesFile> Files { get; init; } = [];

    /// <summary>Artifact holding the full Ruleset JSON.</summary>
    public string? RulesetArtifact { get; init; }
}
