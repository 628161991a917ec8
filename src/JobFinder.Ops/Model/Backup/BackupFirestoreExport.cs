namespace JobFinder.Ops.Model;

/// <summary>The Firestore managed export a backup holds: where it went, the long-running operation
/// that wrote it, and what its metadata reported.</summary>
public sealed record BackupFirestoreExport
{
    /// <summary>Database id, <c>(default)</c> for the default database.</summary>
    public required string Database { get; init; }

    /// <summary><c>gs://bucket/prefix</c>: what an import takes as <c>inputUriPrefix</c>.</summary>
    public required string OutputUriPrefix { get; init; }

    public string? OperationName { get; init; }

    /// <summary>Operation state from the metadata: <c>SUCCESSFUL</c>, <c>FAILED</c>, <c>CANCELLED</c>...</summary>
    public required string State { get; init; }

    public long Documents { get; init; }

    public long Bytes { get; init; }

    /// <summary>Collection groups exported; empty means all.</summary>
    public IReadOnlyList<string> CollectionIds { get; init; } = [];

    /// <summary>The consistent read time asked for (null when the database could not offer one).</summary>
    public DateTimeOffset? SnapshotTime { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Number of objects the export wrote, recorded with their CRC32C in an artifact.</summary>
    public int ObjectCount { get; init; }

    /// <summary>The operation's error message when it failed.</summary>
    public string? Error { get; init; }
}
