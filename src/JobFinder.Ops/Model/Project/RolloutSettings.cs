namespace JobFinder.Ops.Model;

/// <summary>How traffic moves to new revisions. <see cref="TrafficSteps"/> and <see cref="BakeTime"/>
/// are always resolved (a preset's values, or the custom ones).</summary>
public sealed record RolloutSettings
{
    /// <summary>Default: <see cref="RolloutStrategy.Canary10Percent5Minutes"/>; zero downtime is the point.</summary>
    public RolloutStrategy Strategy { get; init; } = RolloutStrategy.Canary10Percent5Minutes;

    /// <summary>Cumulative percentages of traffic on the new revision, strictly ascending, ending at 100.</summary>
    public IReadOnlyList<int> TrafficSteps { get; init; } = [10, 100];

    /// <summary>Wait at each step before the analysis decides.</summary>
    public TimeSpan BakeTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many functions roll out at once. Default 8.</summary>
    public int ThrottleLimit { get; init; } = 8;

    /// <summary>A deployment lock older than this may be broken with <c>-BreakStaleLock</c> (after its own confirmation). Default 30 minutes.</summary>
    public TimeSpan LockStaleAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Require a passing staging smoke report for the same source hash. Default false.</summary>
    public bool RequireStagingSmoke { get; init; }

    /// <summary>Remove-JobFinderRevision keeps each function's newest this many revisions. Default 3.</summary>
    public int KeepRevisions { get; init; } = 3;

    /// <summary>Remove-JobFinderRevision also keeps every revision a deployment started within this window
    /// could roll back to (its recorded stable revision and previous split). Default 7 days.</summary>
    public TimeSpan KeepRollbackWindow { get; init; } = TimeSpan.FromDays(7);
}
