namespace JobFinder.Ops.Rollout;

/// <summary>What the staging-smoke gate needs from a smoke run: the project it ran against, whether it
/// passed, when, and (when Test-JobFinderSmoke recorded it) the archive hash each live function carried
/// at that moment, so the gate can tell that the run judged the code about to be deployed.</summary>
public sealed record StagingSmokeEvidence(string ProjectId, bool Passed, DateTimeOffset RanAt, string Summary)
{
    /// <summary>Function id to the <c>jobfinder-archive</c> label it carried when the checks ran; null for
    /// a report passed by hand (-StagingSmoke), whose source is judged from the staging project's live state only.</summary>
    public IReadOnlyDictionary<string, string>? Archives { get; init; }

    /// <summary>The environment alias the run selected the project by, when it had one.</summary>
    public string? Environment { get; init; }
}
