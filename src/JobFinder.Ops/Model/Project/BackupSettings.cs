namespace JobFinder.Ops.Model;

/// <summary>Where and how Firestore backups are taken and how fresh the deploy gate wants one.</summary>
public sealed record BackupSettings
{
    /// <summary><c>gs://bucket[/prefix]</c>. Default <c>gs://&lt;projectId&gt;-backups</c>.</summary>
    public required string Bucket { get; init; }

    /// <summary>A backup older than this does not satisfy the deploy gate. Default 24 hours.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Days a backup is kept. Default 30.</summary>
    public int RetentionDays { get; init; } = 30;

    /// <summary>Collections to export; empty means all.</summary>
    public IReadOnlyList<string> CollectionIds { get; init; } = [];
}
