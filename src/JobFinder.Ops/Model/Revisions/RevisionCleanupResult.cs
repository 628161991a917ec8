namespace JobFinder.Ops.Model;

/// <summary>One Cloud Run revision of a function and what Remove-JobFinderRevision did with it, and why.</summary>
public sealed record RevisionCleanupResult
{
    /// <summary>The function id (<c>submitJob</c>).</summary>
    public required string FunctionId { get; init; }

    public required string Region { get; init; }

    public required string ProjectId { get; init; }

    /// <summary>The short revision id (<c>submitjob-00003-abc</c>).</summary>
    public required string Revision { get; init; }

    /// <summary>When the revision was created.</summary>
    public DateTimeOffset? CreateTime { get; init; }

    public required RevisionCleanupAction Action { get; init; }

    /// <summary>Why it was kept, skipped or removed.</summary>
    public required string Reason { get; init; }

    /// <summary>The revision's container image (<c>containers[0].image</c>).</summary>
    public string? Image { get; init; }

    /// <summary>True when its image was deleted from Artifact Registry with it.</summary>
    public bool ImageRemoved { get; init; }

    /// <summary><c>projects/P/locations/L/services/S/revisions/R</c>.</summary>
    public required string RevisionName { get; init; }

    public override string ToString() => $"{FunctionId}/{Revision}: {Action} ({Reason})";
}
