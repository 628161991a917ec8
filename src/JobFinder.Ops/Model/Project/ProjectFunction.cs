namespace JobFinder.Ops.Model;

/// <summary>One function of a codebase, as the Firebase SDK reports it from the code (or as a static
/// functions.yaml declares it), with params and the environment of the selected project applied. Gen2 functions are Cloud Run services, so the
/// numbers here map onto the service (memory, timeout, instances, concurrency).</summary>
public sealed record ProjectFunction
{
    /// <summary>Function id (the manifest's endpoint key), e.g. <c>submitJob</c>.</summary>
    public required string Id { get; init; }

    public required string Codebase { get; init; }

    /// <summary>Absolute path of the codebase's source folder.</summary>
    public required string SourceDirectory { get; init; }

    /// <summary>Runtime id, e.g. <c>nodejs20</c>.</summary>
    public required string Runtime { get; init; }

    public required string EntryPoint { get; init; }

    /// <summary><c>gcfv2</c> (the default); <c>gcfv1</c> and <c>run</c> are read but not deployable (see <see cref="NotDeployable"/>).</summary>
    public string Platform { get; init; } = "gcfv2";

    /// <summary>The first (primary) region; the project's region when the manifest names none.</summary>
    public required string Region { get; init; }

    /// <summary>Every region the function is deployed to.</summary>
    public required IReadOnlyList<string> Regions { get; init; }

    public required FunctionTriggerKind TriggerKind { get; init; }

    /// <summary>Event type for event triggers, cron schedule for schedule triggers, null otherwise.</summary>
    public string? TriggerDetail { get; init; }

    /// <summary>Where the settings came from: <c>code</c> (the SDK's manifest, read by loading the code) or
    /// <c>functions.yaml</c> (a static manifest in the source folder, which wins as in firebase-tools).</summary>
    public string SettingsSource { get; init; } = FunctionSettingsSource.FunctionsYaml;

    /// <summary>Event triggers: the filters (<c>database</c>, <c>namespace</c>, <c>document</c>...), exact
    /// or path patterns, with params resolved.</summary>
    public IReadOnlyList<FunctionEventFilter> EventFilters { get; init; } = [];

    /// <summary>Event triggers: whether failed events are retried.</summary>
    public bool Retry { get; init; }

    /// <summary>Event triggers: the region of the event source when it differs from the function's.</summary>
    public string? TriggerRegion { get; init; }

    /// <summary>Event triggers: the service account Eventarc invokes the function as.</summary>
    public string? TriggerServiceAccount { get; init; }

    /// <summary>Schedule triggers: the time zone of the schedule (null: UTC, as Cloud Scheduler defaults).</summary>
    public string? ScheduleTimeZone { get; init; }

    /// <summary>Schedule triggers: the retry policy of the Cloud Scheduler job, null when not set.</summary>
    public ScheduleRetryConfig? ScheduleRetry { get; init; }

    /// <summary>Callable functions that serve a Genkit flow name it here.</summary>
    public string? GenkitAction { get; init; }

    /// <summary>Why this function cannot be deployed by JobFinder.Ops yet, one entry per field
    /// (<c>taskQueueTrigger: ...</c>). A deployment that selects it stops before any change.</summary>
    public IReadOnlyList<string> NotDeployable { get; init; } = [];

    /// <summary>Null means the platform default (256 MB for gen2 functions).</summary>
    public int? AvailableMemoryMb { get; init; }

    /// <summary>Null means the platform default (60 s).</summary>
    public int? TimeoutSeconds { get; init; }

    public int? MinInstances { get; init; }

    public int? MaxInstances { get; init; }

    public int? Concurrency { get; init; }

    /// <summary>CPU count as written in the manifest (a number or <c>gcf_gen1</c>), null for the default.</summary>
    public string? Cpu { get; init; }

    public string? ServiceAccount { get; init; }

    /// <summary><c>ALLOW_ALL</c>, <c>ALLOW_INTERNAL_ONLY</c> or <c>ALLOW_INTERNAL_AND_GCLB</c>; null for the default.</summary>
    public string? IngressSettings { get; init; }

    /// <summary>HTTPS invoker list (e.g. <c>public</c>), empty when not set.</summary>
    public IReadOnlyList<string> Invoker { get; init; } = [];

    public IReadOnlyList<Label> Labels { get; init; } = [];

    /// <summary>Plain environment variables with their values. Internal on purpose: values stay
    /// inside the engine (the deployer sends them to Google); PowerShell sees <see cref="RedactedEnvironment"/>.</summary>
    internal IReadOnlyList<EnvironmentVariable> EnvironmentVariables { get; init; } = [];

    /// <summary>Secret Manager references, by name only.</summary>
    public IReadOnlyList<SecretEnvironmentVariable> SecretEnvironmentVariables { get; init; } = [];

    /// <summary>Names of the plain environment variables, sorted.</summary>
    public IReadOnlyList<string> EnvironmentVariableNames => EnvironmentVariables.Select(v => v.Name).ToArray();

    /// <summary>The environment variables with every value replaced by <see cref="RedactedValue"/>;
    /// safe to print, log or put in a plan.</summary>
    public IReadOnlyList<EnvironmentVariable> RedactedEnvironment =>
        EnvironmentVariables.Select(v => v with { Value = RedactedValue }).ToArray();

    /// <summary>What a redacted value reads as.</summary>
    public const string RedactedValue = "<redacted>";
}
