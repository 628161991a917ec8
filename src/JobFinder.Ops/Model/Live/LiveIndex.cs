namespace JobFinder.Ops.Model;

/// <summary>A Firestore composite index as live.</summary>
public sealed record LiveIndex
{
    /// <summary>Server name <c>.../collectionGroups/CG/indexes/ID</c>.</summary>
    public required string Name { get; init; }

    public required string CollectionGroup { get; init; }

    public string? QueryScope { get; init; }

    public string? ApiScope { get; init; }

    /// <summary>Fields in order, e.g. <c>status ASCENDING, createdAt DESCENDING, __name__ DESCENDING</c>.</summary>
    public required string Fields { get; init; }

    public string? State { get; init; }

    /// <summary>What makes two indexes the same index (names differ between projects).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Definition => $"{CollectionGroup} [{QueryScope}/{ApiScope}] {Fields}";
}
