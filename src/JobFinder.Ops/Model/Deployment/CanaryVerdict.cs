namespace JobFinder.Ops.Model;

/// <summary>The analysis of one function's canary at one traffic step: the numbers it saw (real
/// traffic from Cloud Monitoring, plus synthetic probes when real traffic was thin), the thresholds it
/// applied, the decision and why.</summary>
public sealed record CanaryVerdict
{
    public required string FunctionId { get; init; }

    public required CanaryDecision Decision { get; init; }

    /// <summary>Why: the threshold that failed, or that every check passed.</summary>
    public required string Reason { get; init; }

    public required int CanaryPercent { get; init; }

    /// <summary>The new revision: real traffic in the buckets read, plus probes when sent.</summary>
    public required RevisionSample Canary { get; init; }

    /// <summary>The stable revision's real traffic over the same window; null when it had none.</summary>
    public RevisionSample? Stable { get; init; }

    /// <summary>True when synthetic probes were sent because real traffic was below the minimum.</summary>
    public bool ProbesUsed { get; init; }

    public int ProbeCount { get; init; }

    /// <summary>Requests the canary served as seen by Cloud Monitoring (without probes).</summary>
    public long RealRequests { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>How many times this step baked again because it was inconclusive.</summary>
    public int BakeExtensions { get; init; }

    public required AnalysisThresholds Thresholds { get; init; }

    /// <summary>What decided: an absolute limit, the sequential test, the maximum wait, thin traffic.</summary>
    public VerdictBasis Basis { get; init; }

    /// <summary>The sequential test's statistics and the buckets it read; null for a verdict of thin traffic
    /// decided before any bucket was visible.</summary>
    public SequentialTestResult? Test { get; init; }

    /// <summary>Complete, visible Monitoring buckets the verdict rests on.</summary>
    public int BucketsUsed => Test?.BucketsUsed ?? 0;

    /// <summary>The synthetic probes alone, when sent (they are immediate and have no stable counterpart,
    /// so they count only for the absolute limits and the minimum sample, never in the test).</summary>
    public RevisionSample? Probes { get; init; }

    public DateTimeOffset DecidedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>One line, as Format-List shows it inside a {...} list: the record's default ToString dumped every member, with generic and compiler-generated list type names.</summary>
    public override string ToString() =>
        $"{FunctionId} at {CanaryPercent}%: {Decision} ({Reason})";
}
