namespace JobFinder.Ops.Model;

/// <summary>What a deployment does to one target.</summary>
public enum PlannedChangeAction
{
    /// <summary>Live already matches the source (same source hash and config): skipped.</summary>
    Unchanged,
    /// <summary>Not live yet: created (no previous revision, so no canary).</summary>
    Create,
    /// <summary>Live and different: rolled out as a canary.</summary>
    Update,
    /// <summary>Live but gone from the source: deleted after a successful rollout, only with <c>-PruneFunctions</c> (confirmed per function).</summary>
    Delete,
    /// <summary>Live but not in the source, and not deleted (no <c>-PruneFunctions</c>, or an index without <c>-PruneIndexes</c>): reported only.</summary>
    Extra,
}
