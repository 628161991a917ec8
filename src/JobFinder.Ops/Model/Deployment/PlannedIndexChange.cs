namespace JobFinder.Ops.Model;

/// <summary>A Firestore composite index in a <see cref="DeploymentPlan"/>.</summary>
public sealed record PlannedIndexChange
{
    /// <summary>Database id, <c>(default)</c> for the default database.</summary>
    public required string Database { get; init; }

    public required string CollectionGroup { get; init; }

    /// <summary>COLLECTION or COLLECTION_GROUP.</summary>
    public required string QueryScope { get; init; }

    /// <summary>Fields as <c>status ASC, postedAt DESC, tags CONTAINS</c>.</summary>
    public required string Fields { get; init; }

    /// <summary>Create (missing), Unchanged, Extra (live only, reported) or Delete (live only, <c>-PruneIndexes</c>).</summary>
    public required PlannedChangeAction Action { get; init; }

    /// <summary>Live index name for Unchanged/Extra/Delete.</summary>
    public string? Name { get; init; }
}
