namespace JobFinder.Ops.Model;

/// <summary>One entry of a Cloud Run service's traffic split. <see cref="Latest"/> entries follow the
/// latest ready revision and carry no revision name.</summary>
public sealed record TrafficAllocation(string? Revision, int Percent, string? Tag = null, bool Latest = false)
{
    public override string ToString() => $"{(Latest ? "LATEST" : Revision)}={Percent}%{(Tag is null ? "" : " #" + Tag)}";
}
