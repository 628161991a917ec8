namespace JobFinder.Ops.Model;

/// <summary>One phase of a rollback rehearsal (Snapshot, Deploy, Undo, Compare, Smoke) and how long it took.</summary>
public sealed record RehearsalReportPhase
{
    public required string Name { get; init; }

    public required bool Passed { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>What the phase found: the deployment's outcome, the differences, the smoke summary.</summary>
    public string? Detail { get; init; }

    public override string ToString() => $"{Name}: {(Passed ? "passed" : "failed")} in {Duration.TotalSeconds:0.0} s{(Detail is null ? "" : $" ({Detail})")}";
}
