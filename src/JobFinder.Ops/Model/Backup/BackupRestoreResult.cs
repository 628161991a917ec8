namespace JobFinder.Ops.Model;

/// <summary>What <c>Restore-JobFinderBackup</c> did: the backup's export imported into a database.</summary>
public sealed record BackupRestoreResult
{
    public required string BackupId { get; init; }

    public required string ProjectId { get; init; }

    /// <summary>The database written to (<c>(default)</c> unless another was named).</summary>
    public required string Database { get; init; }

    public required string InputUriPrefix { get; init; }

    public string? OperationName { get; init; }

    /// <summary><c>SUCCESSFUL</c> once done.</summary>
    public required string State { get; init; }

    public long Documents { get; init; }

    public long Bytes { get; init; }

    public TimeSpan Duration { get; init; }
}
