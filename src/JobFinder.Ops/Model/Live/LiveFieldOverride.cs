namespace JobFinder.Ops.Model;

/// <summary>A Firestore single-field index override or TTL policy.</summary>
public sealed record LiveFieldOverride
{
    /// <summary><c>.../collectionGroups/CG/fields/PATH</c>.</summary>
    public required string Name { get; init; }

    public required string CollectionGroup { get; init; }

    public required string FieldPath { get; init; }

    /// <summary>The override's indexes, e.g. <c>COLLECTION ASCENDING; COLLECTION CONTAINS</c>.</summary>
    public required string Indexes { get; init; }

    /// <summary>TTL state (<c>ACTIVE</c>, <c>CREATING</c>...) or null without a TTL policy.</summary>
    public string? TtlState { get; init; }
}
