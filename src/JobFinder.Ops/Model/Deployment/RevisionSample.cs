namespace JobFinder.Ops.Model;

/// <summary>What one revision served during an analysis window.</summary>
public sealed record RevisionSample
{
    public required string Revision { get; init; }

    public long Requests { get; init; }

    /// <summary>Responses with a 5xx status.</summary>
    public long Errors { get; init; }

    /// <summary>504s and requests whose latency reached the function timeout.</summary>
    public long Timeouts { get; init; }

    public double? P50Ms { get; init; }

    public double? P95Ms { get; init; }

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double TimeoutRate => Requests == 0 ? 0 : (double)Timeouts / Requests;

    public override string ToString() =>
        FormattableString.Invariant($"{Revision}: {Requests} req, {ErrorRate * 100:0.0}% 5xx, {TimeoutRate * 100:0.0}% timeouts, p95 {(P95Ms is { } p ? p.ToString("0") + " ms" : "n/a")}");
}
