namespace JobFinder.Ops.Model;

/// <summary>One entry of a Cloud Run service's traffic split.</summary>
public sealed record LiveTrafficTarget
{
    /// <summary><c>LATEST</c> or <c>REVISION</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Short revision id when <see cref="Type"/> is <c>REVISION</c>.</summary>
    public string? Revision { get; init; }

    public int Percent { get; init; }

    public string? Tag { get; init; }

    public override string ToString() =>
        $"{(Type == "LATEST" ? "LATEST" : Revision)}={Percent}%{(string.IsNullOrEmpty(Tag) ? string.Empty : " #" + Tag)}";
}
