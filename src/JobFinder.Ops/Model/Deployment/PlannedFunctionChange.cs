namespace JobFinder.Ops.Model;

/// <summary>One function in a <see cref="DeploymentPlan"/>. Environment values never appear: the
/// diff names variables and says "changed", nothing more.</summary>
public sealed record PlannedFunctionChange
{
    public required string FunctionId { get; init; }

    public required string Region { get; init; }

    /// <summary>Codebase the function comes from; null for a live function no codebase declares.</summary>
    public string? Codebase { get; init; }

    public required PlannedChangeAction Action { get; init; }

    /// <summary><c>jobfinder-source-hash</c> of the source; null for deletes.</summary>
    public string? SourceHash { get; init; }

    /// <summary>The hash label found on the live function; null when absent or not live.</summary>
    public string? LiveSourceHash { get; init; }

    /// <summary>Revision serving traffic now (the rollback target of an update).</summary>
    public string? LiveRevision { get; init; }

    /// <summary>Readable differences, one a line (<c>memory: 256Mi -> 512Mi</c>, <c>env LOG_LEVEL: changed</c>).</summary>
    public IReadOnlyList<string> Differences { get; init; } = [];

    /// <summary>Names of the plain environment variables the function will have (values redacted).</summary>
    public IReadOnlyList<EnvironmentVariable> Environment { get; init; } = [];
}
