namespace JobFinder.Ops.Model;

/// <summary>A Firebase backend repository resolved for one environment: what firebase.json,
/// .firebaserc, each codebase's functions.yaml and dotenv files, and jobfinder.ops.json say.
/// Made by <c>ProjectLoader</c>; every other cmdlet takes it by pipeline.</summary>
public sealed record JobFinderProject
{
    /// <summary>Absolute path of the folder holding firebase.json.</summary>
    public required string RootPath { get; init; }

    public required string FirebaseJsonPath { get; init; }

    /// <summary>Null when the repository has no .firebaserc.</summary>
    public string? FirebaseRcPath { get; init; }

    /// <summary>Null when the repository has no jobfinder.ops.json (defaults apply).</summary>
    public string? OpsSettingsPath { get; init; }

    /// <summary>The alias the project was selected by (e.g. <c>production</c>); null when a project id
    /// that no alias names was given.</summary>
    public string? Environment { get; init; }

    public required string ProjectId { get; init; }

    /// <summary>False when <see cref="ProjectId"/> was given as a project id that .firebaserc does not
    /// list (allowed, as with <c>firebase deploy --project</c>; cmdlets warn so a typo is seen).</summary>
    public bool ProjectIdListed { get; init; } = true;

    /// <summary>Default region for functions that do not name one.</summary>
    public required string Region { get; init; }

    public required IReadOnlyList<FunctionCodebase> Codebases { get; init; }

    /// <summary>The Admin SDK configuration the functions were discovered and their params resolved with.</summary>
    internal JobFinder.Ops.Project.FirebaseSdkDefaults? FirebaseSdk { get; init; }

    /// <summary>Every function of every codebase, flattened for tables and <c>-Only</c> selection.</summary>
    public IReadOnlyList<ProjectFunction> Functions => Codebases.SelectMany(c => c.Functions).ToArray();

    public IReadOnlyList<FirestoreDatabaseTarget> FirestoreDatabases { get; init; } = [];

    public IReadOnlyList<StorageRulesTarget> StorageTargets { get; init; } = [];

    /// <summary>All codebases' predeploy commands in firebase.json order.</summary>
    public IReadOnlyList<string> Predeploy => Codebases.SelectMany(c => c.Predeploy).ToArray();

    public required OpsSettings Settings { get; init; }

    public IReadOnlyList<ProjectAlias> Aliases { get; init; } = [];

    /// <summary>Deploy targets of the selected project only.</summary>
    public IReadOnlyList<DeployTarget> DeployTargets { get; init; } = [];

    /// <summary>Top-level firebase.json keys this module does not act on (hosting, emulators,
    /// remoteconfig...), kept so a user can see they were read and left alone.</summary>
    public IReadOnlyList<string> OtherFirebaseKeys { get; init; } = [];
}
