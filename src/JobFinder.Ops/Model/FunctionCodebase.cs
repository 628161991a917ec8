namespace JobFinder.Ops.Model;

/// <summary>One entry of firebase.json <c>functions</c>: a source folder deployed as a unit.</summary>
public sealed record FunctionCodebase
{
    /// <summary>Codebase name; <c>default</c> when firebase.json does not name one.</summary>
    public required string Name { get; init; }

    /// <summary>Absolute path of the source folder.</summary>
    public required string SourceDirectory { get; init; }

    public required string Runtime { get; init; }

    /// <summary>Absolute path of the codebase's functions.yaml.</summary>
    public required string ManifestPath { get; init; }

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
