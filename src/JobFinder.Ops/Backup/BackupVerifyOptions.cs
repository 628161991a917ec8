namespace JobFinder.Ops.Backup;

/// <summary>How thoroughly <see cref="BackupService.VerifyAsync"/> checks a backup.</summary>
public sealed record BackupVerifyOptions
{
    /// <summary>Also import the export into a scratch database and compare it with the source.</summary>
    public bool Restore { get; init; }

    /// <summary>Documents per top-level collection compared field by field after the restore.</summary>
    public int SampleSize { get; init; } = 20;

    /// <summary>Scratch database id; a fresh <c>restore-check-xxxxxx</c> when null.</summary>
    public string? ScratchDatabase { get; init; }
}
