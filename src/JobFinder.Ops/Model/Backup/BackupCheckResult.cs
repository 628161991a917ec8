namespace JobFinder.Ops.Model;

/// <summary>One check of <c>Test-JobFinderBackup</c> (an artifact hash, the export state, a collection's
/// restored count, a sampled document...), emitted as soon as it is made.</summary>
public sealed record BackupCheckResult
{
    public required string BackupId { get; init; }

    /// <summary><c>ArtifactHash</c>, <c>ExportState</c>, <c>ExportObjects</c>, <c>RestoreImport</c>,
    /// <c>DocumentCount</c>, <c>DocumentSample</c>, <c>ScratchCleanup</c>.</summary>
    public required string Check { get; init; }

    /// <summary>What was checked: an artifact (with <c>local:</c>/<c>bucket:</c>), a collection, a document.</summary>
    public required string Target { get; init; }

    public required BackupCheckStatus Status { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Passed => Status == BackupCheckStatus.Passed;

    public string? Expected { get; init; }

    public string? Actual { get; init; }

    public string? Message { get; init; }

    /// <summary>The ErrorId a failure is reported with, e.g. <c>BackupArtifactHashMismatch</c>.</summary>
    public string? ErrorId { get; init; }

    public TimeSpan Duration { get; init; }
}
