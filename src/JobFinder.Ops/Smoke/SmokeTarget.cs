namespace JobFinder.Ops.Smoke;

/// <summary>Where the checks go: the functions' live URLs (traffic split as users see it), or one
/// revision through its Cloud Run tag URL (<c>stable</c>, <c>canary</c>, any tag, or a tagged revision's
/// name), which reaches a revision even when it serves 0% of traffic.</summary>
public sealed record SmokeTarget
{
    private SmokeTarget(string? tagOrRevision) => TagOrRevision = tagOrRevision;

    public static SmokeTarget Live { get; } = new((string?)null);

    /// <summary>Null for <see cref="Live"/>.</summary>
    public string? TagOrRevision { get; }

    public bool IsLive => TagOrRevision is null;

    /// <summary><c>live</c> (or empty/null) means <see cref="Live"/>; anything else names a tag or revision.</summary>
    public static SmokeTarget Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.Trim().Equals("live", StringComparison.OrdinalIgnoreCase) ? Live : new SmokeTarget(text.Trim());

    public static SmokeTarget Tag(string tagOrRevision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tagOrRevision);
        return new SmokeTarget(tagOrRevision.Trim());
    }

    public override string ToString() => TagOrRevision ?? "live";
}
