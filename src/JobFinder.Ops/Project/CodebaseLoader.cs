using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project.Discovery;

namespace JobFinder.Ops.Project;

/// <summary>Resolves one firebase.json functions entry: source folder, runtime, dotenv, and its functions
/// (<see cref="CodebaseDiscovery"/>).</summary>
internal static class CodebaseLoader
{
    /// <summary>firebase-tools' default ignore list (the one <c>firebase init functions</c> writes). Our own
    /// always-excluded files are in <see cref="SourcePackager.AlwaysExcluded"/>.</summary>
    public static readonly IReadOnlyList<string> DefaultIgnore = ["node_modules", ".git", "firebase-debug.log", "firebase-debug.*.log", "*.local"];

    public static FunctionCodebase Load(CodebaseEntry entry, string root, string firebaseJsonPath, string projectId, string? alias, string region, FirebaseSdkDefaults firebase, bool predeployRan, IEngineEventSink events)
    {
        var source = ProjectLoader.ResolvePath(root, entry.Source, firebaseJsonPath, $"{entry.Field}.source");
        if (!Directory.Exists(source))
        {
            throw new JobFinderException("FunctionsSourceNotFound", ErrorKind.ObjectNotFound,
                $"{firebaseJsonPath} ({entry.Field}.source{(entry.SourceDefaulted ? ", defaulted" : "")}) names source folder '{entry.Source}', which does not exist at '{source}'.", source);
        }

        var runtime = ResolveRuntime(entry, source, firebaseJsonPath);
        var environment = FunctionEnvironmentLoader.Load(source, projectId, alias);
        var discovery = new CodebaseDiscovery(entry, root, source, runtime, projectId, region, environment.Variables, firebase, predeployRan, events).Run();
        return new FunctionCodebase
        {
            Name = entry.Name,
            SourceDirectory = source,
            Runtime = runtime,
            ManifestPath = discovery.ManifestPath,
            DiscoveredFrom = discovery.From,
            SdkVersion = discovery.SdkVersion,
            DiscoveryTime = discovery.Elapsed,
            PredeployRan = discovery.PredeployRan,
            Predeploy = entry.Predeploy,
            Postdeploy = entry.Postdeploy,
            Ignore = entry.Ignore ?? DefaultIgnore,
            EnvironmentFiles = environment.Files,
            Params = discovery.Manifest.Params,
            RequiredApis = discovery.Manifest.RequiredApis,
            Functions = discovery.Manifest.Functions
                .Select(f => f with { EnvironmentVariables = Merge(f.EnvironmentVariables, [.. discovery.Manifest.ParamEnvironment, .. environment.Variables]) })
                .ToArray(),
        };
    }

    // The manifest's environmentVariables come from code; params resolved from their defaults come next
    // (firebase-tools writes them to .env.<projectId>), and the user's dotenv files win over both.
    private static IReadOnlyList<EnvironmentVariable> Merge(IReadOnlyList<EnvironmentVariable> fromManifest, IReadOnlyList<EnvironmentVariable> fromDotEnv)
    {
        var merged = fromManifest.ToDictionary(v => v.Name, StringComparer.Ordinal);
        foreach (var variable in fromDotEnv)
        {
            merged[variable.Name] = variable;
        }

        return merged.Values.OrderBy(v => v.Name, StringComparer.Ordinal).ToArray();
    }

    private static string ResolveRuntime(CodebaseEntry entry, string source, string firebaseJsonPath)
    {
        var runtime = entry.Runtime ?? RuntimeFromPackageJson(source);
        if (runtime is null || !FunctionRuntimes.IsKnown(runtime))
        {
            var what = runtime is null
                ? $"Codebase '{entry.Name}' names no runtime (firebase.json '{entry.Field}.runtime', or engines.node in package.json)."
                : $"Runtime '{runtime}' of codebase '{entry.Name}' is not one this module deploys.";
            throw new JobFinderConfigurationException("FunctionsRuntimeUnknown", $"{what} Known runtimes: {string.Join(", ", FunctionRuntimes.Known)}.",
                firebaseJsonPath, field: $"{entry.Field}.runtime");
        }

        return runtime;
    }

    // firebase-tools falls back to package.json "engines": {"node": "20"} for Node codebases.
    private static string? RuntimeFromPackageJson(string source)
    {
        var packageJson = Path.Combine(source, "package.json");
        if (!File.Exists(packageJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(packageJson));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("engines", out var engines) && engines.ValueKind == JsonValueKind.Object
                && engines.TryGetProperty("node", out var node) && node.ValueKind == JsonValueKind.String)
            {
                var major = new string(node.GetString()!.SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit).ToArray());
                return major.Length > 0 ? "nodejs" + major : null;
            }
        }
        catch (JsonException)
        {
            // A broken package.json is npm's problem to report; without engines we ask for firebase.json's runtime.
        }

        return null;
    }
}
