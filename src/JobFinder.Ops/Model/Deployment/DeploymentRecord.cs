namespace JobFinder.Ops.Model;

/// <summary>A deployment as it happened, and the journal entry it is written as
/// (<c>.jobfinder/deployments/&lt;id&gt;.json</c> locally and <c>gs://&lt;backup bucket&gt;/jobfinder/deployments/&lt;id&gt;.json</c>).
/// Self-sufficient for an undo: every function's stable revision and previous split, the new revision,
/// created/deleted functions, previous ruleset names, created indexes. Pipes into
/// <c>Test-JobFinderSmoke</c> and <c>Undo-JobFinderDeployment</c> (they bind <see cref="DeploymentId"/>
/// and <see cref="ProjectId"/> by name). See docs/design/journal.md.</summary>
public sealed record DeploymentRecord
{
    /// <summary>Journal format; bumped on incompatible changes.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>Sortable: <c>20261126T221500Z-3f9a1c</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Same as <see cref="Id"/>, under the name the next cmdlets bind by.</summary>
    public string DeploymentId => Id;

    /// <summary><c>Deploy</c> for Invoke-JobFinderDeployment (an undo writes <c>Rollback</c>).</summary>
    public string Kind { get; init; } = "Deploy";

    /// <summary>For <c>Kind = "Rollback"</c>: the id of the deployment this record undid.</summary>
    public string? UndoOf { get; init; }

    public required string ProjectId { get; init; }

    public string? Environment { get; init; }

    /// <summary>Folder holding firebase.json, so <c>-Resume</c> can reload the project.</summary>
    public string? ProjectRoot { get; init; }

    /// <summary><c>user@host (pid N)</c>.</summary>
    public required string Owner { get; init; }

    public required RolloutStrategy Strategy { get; init; }

    public required IReadOnlyList<int> TrafficSteps { get; init; }

    public required TimeSpan BakeTime { get; init; }

    public int ThrottleLimit { get; init; } = 8;

    /// <summary>The <c>-Only</c> filter, or null.</summary>
    public string? Only { get; init; }

    /// <summary>The functions that left the source and were confirmed for deletion (<c>-PruneFunctions</c>);
    /// a resumed deployment deletes these and no other. Records written before 0.2 had a <c>force</c>
    /// switch instead; it is no longer read, so resuming such a record deletes nothing.</summary>
    public IReadOnlyList<string> PruneFunctions { get; init; } = [];

    public bool PruneIndexes { get; init; }

    public required DeploymentOutcome Outcome { get; init; }

    /// <summary>Why it ended as it did (the failing verdict, the error), or null while in progress.</summary>
    public string? Reason { get; init; }

    /// <summary>Set when the deployment stopped because the smoke credentials are wrong (Outcome Aborted,
    /// production restored): which credential, which checks, the fix. Not a verdict on the release.</summary>
    public SmokeCredentialProblem? CredentialProblem { get; init; }

    /// <summary>The backup gate's manifest id; null when the gate was not used.</summary>
    public string? BackupId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public IReadOnlyList<FunctionDeploymentRecord> Functions { get; init; } = [];

    public IReadOnlyList<RulesReleaseRecord> Rules { get; init; } = [];

    /// <summary>Full names of the indexes this deployment created.</summary>
    public IReadOnlyList<string> IndexesCreated { get; init; } = [];

    /// <summary>Full names of the indexes this deployment deleted (<c>-PruneIndexes</c>).</summary>
    public IReadOnlyList<string> IndexesDeleted { get; init; } = [];

    /// <summary>The single-field overrides (indexes, TTL) this deployment patched, with their previous config.</summary>
    public IReadOnlyList<FieldOverrideRecord> FieldOverrides { get; init; } = [];

    public IReadOnlyList<DeploymentStep> Steps { get; init; } = [];

    /// <summary>Every analysis verdict, in order.</summary>
    public IReadOnlyList<CanaryVerdict> Verdicts => Steps.SelectMany(s => s.Verdicts).ToArray();

    public TimeSpan? Duration => EndedAt - StartedAt;

    /// <summary>True when the journal says the deployment ended (any outcome other than InProgress).</summary>
    public bool IsFinished => Outcome != DeploymentOutcome.InProgress;
}
