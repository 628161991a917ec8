namespace JobFinder.Ops.Rollout;

/// <summary>What the staging-smoke gate needs from a SmokeReport: the project it ran against, whether
/// it passed, and when.</summary>
public sealed record StagingSmokeEvidence(string ProjectId, bool Passed, DateTimeOffset RanAt, string Summary);
