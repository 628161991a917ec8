namespace JobFinder.Ops.Model;

/// <summary>The result of one smoke run: every check's outcome, latency figures against the SLA, and
/// the verdict. <see cref="Passed"/> requires every check to pass and p95 to meet the SLA.</summary>
public sealed record SmokeReport
{
    public required string ProjectId { get; init; }

    /// <summary>The environment alias, when the project was selected by one.</summary>
    public string? Environment { get; init; }

    /// <summary><c>live</c>, or the tag/revision the checks went to.</summary>
    public required string Target { get; init; }

    public DateTimeOffset StartTime { get; init; }

    public TimeSpan Duration { get; init; }

    public required IReadOnlyList<SmokeCheckResult> Checks { get; init; }

    public int Total => Checks.Count;

    public int PassedCount => Checks.Count(c => c.Passed);

    public int FailedCount => Total - PassedCount;

    /// <summary>Median latency over all checks, ms (nearest rank).</summary>
    public double P50Ms { get; init; }

    /// <summary>95th percentile latency over all checks, ms (nearest rank).</summary>
    public double P95Ms { get; init; }

    /// <summary>The SLA p95 must stay under, ms (settings <c>smoke.p95SlaMs</c>).</summary>
    public double P95SlaMs { get; init; }

    public bool SlaMet => P95Ms < P95SlaMs;

    /// <summary>Set when the smoke credentials kept checks from running (sign-in refused, an API key of
    /// another project, a missing variable): those checks say nothing about the release.</summary>
    public SmokeCredentialProblem? CredentialProblem { get; init; }

    public bool Passed => Total > 0 && FailedCount == 0 && SlaMet;

    /// <summary>One line: what failed, or that everything passed.</summary>
    public string Summary => Passed
        ? FormattableString.Invariant($"{Total} of {Total} checks passed; p95 {P95Ms:0} ms < SLA {P95SlaMs:0} ms")
        : string.Join("; ", Problems());

    private IEnumerable<string> Problems()
    {
        if (Total == 0)
        {
            yield return "no smoke checks ran";
        }

        if (FailedCount > 0)
        {
            yield return $"{FailedCount} of {Total} checks failed: {string.Join(", ", Checks.Where(c => !c.Passed).Select(c => c.Name))}";
        }

        if (!SlaMet)
        {
            yield return FormattableString.Invariant($"p95 {P95Ms:0} ms breaks the SLA of {P95SlaMs:0} ms");
        }
    }
}
