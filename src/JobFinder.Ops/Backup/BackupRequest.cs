namespace JobFinder.Ops.Backup;

/// <summary>What <see cref="BackupService.CreateAsync"/> backs up and where.</summary>
public sealed record BackupRequest
{
    public required string ProjectId { get; init; }

    /// <summary>Alias or project id, part of the backup id.</summary>
    public required string Environment { get; init; }

    public required BackupDestination Destination { get; init; }

    /// <summary>Folder under which <c>&lt;id&gt;/</c> is created locally (e.g. <c>&lt;project root&gt;/backups</c>).</summary>
    public required string LocalRoot { get; init; }

    /// <summary>Database to export, <c>(default)</c> unless named.</summary>
    public string Database { get; init; } = Google.Firestore.DatabaseName.Default;

    /// <summary>What the live snapshot covers; everything unless a caller (a test against a partial
    /// backend) narrows it.</summary>
    public Model.SnapshotAreas Areas { get; init; } = Model.SnapshotAreas.All;

    /// <summary>Collection groups to export; empty exports all.</summary>
    public IReadOnlyList<string> CollectionIds { get; init; } = [];

    /// <summary>Documents per top-level collection whose field hashes are recorded in the manifest, for
    /// a restore check to compare field by field.</summary>
    public int SampleSize { get; init; } = 20;
}
