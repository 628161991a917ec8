namespace JobFinder.Ops.Model;

/// <summary>A backup: the Firestore export, a snapshot of what was live, every artifact with its
/// SHA-256, and how far it has been verified. Written as <c>manifest.json</c> in the bucket and in the
/// local folder; <c>Invoke-JobFinderDeployment -Backup</c> takes it from the pipeline as its rollback
/// point. Environment variable values never appear here (only in the function config artifacts).</summary>
public sealed record BackupManifest
{
    /// <summary>Format of manifest.json; bumped on incompatible changes.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>Sortable: <c>20261126T221500Z-prod-1a2b3c</c>.</summary>
    public required string Id { get; init; }

    public required string ProjectId { get; init; }

    /// <summary>The .firebaserc alias the backup was taken for, or the project id.</summary>
    public required string Environment { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who took it (the connection's principal).</summary>
    public string? CreatedBy { get; init; }

    public required BackupFirestoreExport FirestoreExport { get; init; }

    /// <summary>What was live when the backup was taken (redacted; full configs are artifacts).</summary>
    public LiveSnapshot? Snapshot { get; init; }

    /// <summary>What the export holds (counts and sampled field hashes), recorded when the backup was
    /// taken; what <c>Test-JobFinderBackup -Restore</c> compares the scratch copy with. Null in backups
    /// taken before it was recorded: their restore check proves the import only, and says so.</summary>
    public BackupContents? Contents { get; init; }

    public IReadOnlyList<BackupArtifact> Artifacts { get; init; } = [];

    public BackupVerificationStatus Verification { get; init; } = BackupVerificationStatus.Unverified;

    /// <summary>True for <see cref="BackupVerificationStatus.HashesVerified"/> and
    /// <see cref="BackupVerificationStatus.RestoreVerified"/>: what a deployment gate requires.</summary>
    public bool IsVerified => Verification is BackupVerificationStatus.HashesVerified or BackupVerificationStatus.RestoreVerified;

    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary>Why the backup is <see cref="BackupVerificationStatus.Failed"/>.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Local folder holding manifest.json and the artifacts.</summary>
    public string? LocalPath { get; init; }

    /// <summary><c>gs://bucket/prefix/&lt;id&gt;</c>: the folder holding manifest.json, the artifacts and the export.</summary>
    public required string BucketUri { get; init; }

    /// <summary>Total bytes of the artifacts (the export is counted in <see cref="FirestoreExport"/>).</summary>
    public long ArtifactBytes => Artifacts.Sum(a => a.Bytes);

    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan Age => DateTimeOffset.UtcNow - CreatedAt;
}
