namespace JobFinder.Ops.Model;

/// <summary>One entry of firebase.json <c>functions</c>: a source folder deployed as a unit.</summary>
public sealed record FunctionCodebase
{
    /// <summary>Codebase name; <c>default</c> when firebase.json does not name one.</summary>
    public required string Name { get; init; }

    /// <summary>Absolute path of the source folder.</summary>
    public required string SourceDirectory { get; init; }

    public required string Runtime { get; init; }

    /// <summary>Absolute path of the codebase's static functions.yaml; null when the functions were
    /// discovered from the code (see <see cref="DiscoveredFrom"/>).</summary>
    public string? ManifestPath { get; init; }

    /// <summary><c>code</c> or <c>functions.yaml</c>: how the functions were found.</summary>
    public string DiscoveredFrom { get; init; } = FunctionSettingsSource.FunctionsYaml;

    /// <summary>The firebase-functions SDK version the code was loaded with; null for a static manifest.</summary>
    public string? SdkVersion { get; init; }

    /// <summary>How long discovery took (predeploy excluded).</summary>
    public TimeSpan DiscoveryTime { get; init; }

    /// <summary>True when the predeploy commands already ran to discover the functions (firebase deploy runs
    /// them before discovery); the deployment does not run them a second time.</summary>
    public bool PredeployRan { get; init; }

    /// <summary>Params the code defines, with their resolved values (secrets by name only).</summary>
    public IReadOnlyList<FunctionParam> Params { get; init; } = [];

    /// <summary>Google APIs the functions need (the manifest's <c>requiredAPIs</c>).</summary>
    public IReadOnlyList<RequiredApi> RequiredApis { get; init; } = [];

    /// <summary>Commands firebase-tools runs before deploying (firebase.json <c>predeploy</c>), in order.</summary>
    public IReadOnlyList<string> Predeploy { get; init; } = [];

    public IReadOnlyList<string> Postdeploy { get; init; } = [];

    /// <summary>The effective ignore globs used when packaging (firebase.json <c>ignore</c>, or
    /// firebase-tools' defaults when absent), without the always-excluded files.</summary>
    public required IReadOnlyList<string> Ignore { get; init; }

    /// <summary>The dotenv files that were read, in the order they were applied (file names only).</summary>
    public IReadOnlyList<string> EnvironmentFiles { get; init; } = [];

    public required IReadOnlyList<ProjectFunction> Functions { get; init; }
}
