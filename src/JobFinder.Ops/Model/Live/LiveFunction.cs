namespace JobFinder.Ops.Model;

/// <summary>A deployed gen2 function as a rollback needs it: its Cloud Run service, the revision
/// serving traffic and the full split. The full Function resource (with environment values) is the
/// artifact <see cref="ConfigArtifact"/>; here only variable names and secret references appear.</summary>
public sealed record LiveFunction
{
    /// <summary>Function id, e.g. <c>submitJob</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>projects/P/locations/L/functions/F</c>.</summary>
    public required string ResourceName { get; init; }

    public required string Region { get; init; }

    public string? State { get; init; }

    public string? Runtime { get; init; }

    public string? EntryPoint { get; init; }

    public string? Url { get; init; }

    /// <summary><c>projects/P/locations/L/services/S</c>; null for a function without a service.</summary>
    public string? Service { get; init; }

    /// <summary>Short id of the revision with the largest share of traffic.</summary>
    public string? ServingRevision { get; init; }

    public string? LatestReadyRevision { get; init; }

    /// <summary>The service's traffic split as the Run API states it (with tags).</summary>
    public IReadOnlyList<LiveTrafficTarget> Traffic { get; init; } = [];

    /// <summary>Names of runtime environment variables (values are in the config artifact only).</summary>
    public IReadOnlyList<string> EnvironmentVariableNames { get; init; } = [];

    /// <summary>Secret Manager references, <c>KEY=projects/P/secrets/S:version</c>.</summary>
    public IReadOnlyList<string> SecretReferences { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>SHA-256 of the function's configuration (output-only fields removed, values included),
    /// so two snapshots differ when any setting or value differs without revealing the values.</summary>
    public required string ConfigSha256 { get; init; }

    /// <summary>Artifact holding the full Function JSON, e.g. <c>functions/submitJob.function.json</c>.</summary>
    public string? ConfigArtifact { get; init; }

    /// <summary>Members holding roles/run.invoker on the service (<c>allUsers</c> when public), sorted.</summary>
    public IReadOnlyList<string> Invokers { get; init; } = [];

    /// <summary>The Cloud Scheduler job of a scheduled function as <c>schedule (time zone)</c>; null when none.
    /// The full job is the artifact <c>functions/{id}.schedule.json</c>.</summary>
    public string? Schedule { get; init; }

    /// <summary>Artifact holding the full Cloud Run service JSON.</summary>
    public string? ServiceArtifact { get; init; }

    /// <summary>Where the code the function was built from is stored (<c>gs://bucket/object#generation</c>).</summary>
    public string? SourceLocation { get; init; }

    /// <summary>SHA-256 of that source archive, as read when the snapshot was taken.</summary>
    public string? SourceSha256 { get; init; }

    /// <summary>Artifact holding a copy of the source archive (<c>functions/NAME.source.zip</c>), so a twin
    /// can serve the code production served even after the repository moved on.</summary>
    public string? SourceArtifact { get; init; }
}
