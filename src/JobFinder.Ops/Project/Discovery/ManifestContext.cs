using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project.Discovery;

/// <summary>What a manifest is read against: the codebase it belongs to, the selected project and the
/// user's dotenv values (for params). <c>Origin</c> is what errors name: the functions.yaml path, or the
/// source folder for a manifest reported by the code.</summary>
internal sealed record ManifestContext(
    string Codebase,
    string SourceDirectory,
    string Runtime,
    string DefaultRegion,
    string ProjectId,
    string SettingsSource,
    string Origin,
    IReadOnlyList<EnvironmentVariable> UserEnvironment,
    FirebaseSdkDefaults Firebase);

/// <summary>A manifest read and resolved: the functions, the params with their values, the params
/// that must become environment variables (resolved from defaults), and the required APIs.</summary>
internal sealed record ResolvedManifest(
    IReadOnlyList<ProjectFunction> Functions,
    IReadOnlyList<FunctionParam> Params,
    IReadOnlyList<EnvironmentVariable> ParamEnvironment,
    IReadOnlyList<RequiredApi> RequiredApis);
