namespace JobFinder.Ops.Model;

/// <summary>A Firestore single-field override (its single-field indexes and TTL policy) in a
/// <see cref="DeploymentPlan"/>, from the <c>fieldOverrides</c> of firestore.indexes.json.</summary>
public sealed record PlannedFieldOverrideChange
{
    /// <summary>Database id, <c>(default)</c> for the default database.</summary>
    public required string Database { get; init; }

    public required string CollectionGroup { get; init; }

    public required string FieldPath { get; init; }

    /// <summary>The declared single-field indexes, e.g. <c>Collection Ascending</c>; empty when the file
    /// turns every single-field index of the field off (<c>"indexes": []</c>).</summary>
    public required string Indexes { get; init; }

    /// <summary>Whether the file declares a TTL policy on the field.</summary>
    public bool Ttl { get; init; }

    /// <summary>The override live now (indexes; TTL state), or null when the field has none.</summary>
    public string? Live { get; init; }

    /// <summary>Create (no override live), Update (another one live), Unchanged, or Extra (live only: kept, reported).</summary>
    public required PlannedChangeAction Action { get; init; }
}
