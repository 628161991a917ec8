namespace JobFinder.Ops.Model;

/// <summary>One journaled step of a deployment: what ran, the traffic share on the new revisions
/// (traffic and analysis steps), the verdicts (analysis steps), when, and how it ended.</summary>
public sealed record DeploymentStep
{
    /// <summary>1-based position in the journal.</summary>
    public required int Sequence { get; init; }

    public required DeploymentStepKind Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>Percent of traffic on the new revisions (stable has the rest); null for other steps.</summary>
    public int? CanaryPercent { get; init; }

    public required DeploymentStepState State { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>What happened, or why it failed.</summary>
    public string? Message { get; init; }

    /// <summary>Analysis steps: one verdict per function.</summary>
    public IReadOnlyList<CanaryVerdict> Verdicts { get; init; } = [];

    /// <summary>Traffic steps: <c>stable=90% canary=10%</c>.</summary>
    public string? Split => CanaryPercent is { } p ? $"stable={100 - p}% canary={p}%" : null;

    public TimeSpan? Duration => EndedAt - StartedAt;

    /// <summary>One line, as Format-List shows it inside a {...} list: the record's default ToString dumped every member, with generic and compiler-generated list type names.</summary>
    public override string ToString() =>
        CanaryPercent is { } percent ? $"{Sequence} {Name}: {State} ({percent}%)" : $"{Sequence} {Name}: {State}";
}
