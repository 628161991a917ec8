namespace JobFinder.Ops.Model;

/// <summary>What a backup's export holds, recorded when the backup was taken: the document count of
/// every collection group and a few sampled documents with a SHA-256 per field. A restore check
/// compares the scratch copy with this, never with the live database, which keeps changing after the
/// backup (docs/BACKUP.md).</summary>
public sealed record BackupContents
{
    /// <summary>The database version the counts and samples were read at.</summary>
    public DateTimeOffset? ReadTime { get; init; }

    /// <summary>True when they were read at the export's snapshot time (Firestore then guarantees the
    /// export holds exactly that version); false when the export had no snapshot time and they were
    /// read right after it finished, so a write made during the export can make them differ.</summary>
    public bool PointInTime { get; init; }

    public IReadOnlyList<BackupCollectionContents> Collections { get; init; } = [];
}

/// <summary>One collection group of a backup: its document count at any depth and sampled documents.</summary>
public sealed record BackupCollectionContents
{
    public required string CollectionId { get; init; }

    public long Documents { get; init; }

    /// <summary>The first documents of the top-level collection, in name order.</summary>
    public IReadOnlyList<BackupDocumentSample> Samples { get; init; } = [];
}

/// <summary>A sampled document: its path and a SHA-256 of each field's value (canonical JSON of the
/// typed value), so a restore check names the field that differs without the manifest holding data.</summary>
public sealed record BackupDocumentSample
{
    /// <summary>Relative to <c>.../documents</c>, e.g. <c>jobs/abc</c>.</summary>
    public required string Path { get; init; }

    public IReadOnlyDictionary<string, string> FieldSha256 { get; init; } = new Dictionary<string, string>();
}
