namespace JobFinder.Ops.Model;

/// <summary>One file of a backup (a JSON part of the live snapshot), stored both in the bucket and
/// locally, with the SHA-256 computed while it was written.</summary>
public sealed record BackupArtifact
{
    /// <summary>Path relative to the backup folder, e.g. <c>functions/submitJob.function.json</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Object name in the backup bucket.</summary>
    public required string BucketObject { get; init; }

    /// <summary>Absolute local path (null when the backup was found only in the bucket).</summary>
    public string? LocalPath { get; init; }

    /// <summary>Lower-case hex SHA-256 of the bytes.</summary>
    public required string Sha256 { get; init; }

    public required long Bytes { get; init; }
}
