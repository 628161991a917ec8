namespace JobFinder.Ops.Model;

/// <summary>Whether one function can be rolled back to a revision: the revision still exists and is
/// Ready, and its container image is still in Artifact Registry (Google's image clean-up removes old
/// images, after which moving traffic back to the revision fails: firebase-tools #6759, #8372, #8421).</summary>
public sealed record RollbackViability
{
    public required string ProjectId { get; init; }

    public required string FunctionId { get; init; }

    public required string Region { get; init; }

    /// <summary><c>projects/P/locations/L/services/S</c>; null when the function has no service.</summary>
    public string? Service { get; init; }

    /// <summary>Short id of the rollback target (the recorded stable revision, or the one serving now).</summary>
    public string? Revision { get; init; }

    public bool RevisionExists { get; init; }

    public bool RevisionReady { get; init; }

    /// <summary>The revision's <c>containers[0].image</c>.</summary>
    public string? Image { get; init; }

    /// <summary>True when Artifact Registry lists the image, false when it does not, null when the image
    /// is not in an Artifact Registry repository this check can read.</summary>
    public bool? ImageExists { get; init; }

    /// <summary>True when traffic can be moved back to <see cref="Revision"/>.</summary>
    public required bool Viable { get; init; }

    /// <summary>Why it is (not) viable.</summary>
    public required string Reason { get; init; }

    public DateTimeOffset CheckedAt { get; init; } = DateTimeOffset.UtcNow;
}
