using System.Diagnostics;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project.Discovery;

/// <summary>Finds a codebase's functions in firebase-tools' order (<c>runtimes/node/index.ts</c>
/// <c>discoverBuild</c>): a static <c>functions.yaml</c> in the source folder wins; otherwise a Node
/// codebase runs its predeploy commands (firebase deploy runs them before discovery: a TypeScript build
/// makes the code that is loaded) and is loaded with its own firebase-functions SDK
/// (<see cref="NodeManifestServer"/>). Each step and its time goes to Verbose.</summary>
internal sealed class CodebaseDiscovery(
    CodebaseEntry entry, string root, string source, string runtime, string projectId, string region,
    IReadOnlyList<EnvironmentVariable> userEnvironment, FirebaseSdkDefaults firebase, bool predeployAlreadyRan, IEngineEventSink events)
{
    public sealed record Result(ResolvedManifest Manifest, string From, string? ManifestPath, string? SdkVersion, bool PredeployRan, TimeSpan Elapsed);

    public Result Run()
    {
        var manifestPath = Path.Combine(source, FunctionsManifestReader.FileName);
        if (File.Exists(manifestPath))
        {
            var watch = Stopwatch.StartNew();
            events.Verbose($"Codebase '{entry.Name}': reading the static {manifestPath} (a functions.yaml wins over the code, as in firebase-tools).");
            var manifest = FunctionsManifestReader.ReadFile(manifestPath, Context(FunctionSettingsSource.FunctionsYaml, manifestPath));
            return Done(new Result(manifest, FunctionSettingsSource.FunctionsYaml, manifestPath, null, false, watch.Elapsed));
        }

        if (runtime.StartsWith("python", StringComparison.Ordinal))
        {
            throw new JobFinderException("FunctionsDiscoveryUnsupported", ErrorKind.InvalidOperation,
                $"Codebase '{entry.Name}' at '{source}' is a Python codebase ({runtime}) without a functions.yaml; JobFinder.Ops finds functions by loading Node.js code only, not yet through a Python virtualenv.",
                source)
            { RecommendedAction = $"Write the manifest the Python SDK serves to '{manifestPath}' (firebase-tools reads it the same way), or deploy this codebase with firebase deploy." };
        }

        var predeployRan = predeployAlreadyRan || RunPredeploy();
        var discoveryWatch = Stopwatch.StartNew();
        var node = NodeSdkLocator.FindNode(entry.Name, source, runtime);
        var sdk = NodeSdkLocator.FindSdk(entry.Name, source);
        events.Verbose($"Codebase '{entry.Name}': loading the code in {source} with firebase-functions {sdk.Version} (no functions.yaml).");
        var text = new NodeManifestServer(events).Discover(new NodeManifestServer.Request(entry.Name, source, projectId, node, sdk, userEnvironment) { Firebase = firebase });
        var origin = $"{source} (manifest reported by firebase-functions {sdk.Version})";
        var resolved = FunctionsManifestReader.Read(text, Context(FunctionSettingsSource.Code, origin));
        return Done(new Result(resolved, FunctionSettingsSource.Code, null, sdk.Version, predeployRan, discoveryWatch.Elapsed));
    }

    private ManifestContext Context(string from, string origin) =>
        new(entry.Name, source, runtime, region, projectId, from, origin, userEnvironment, firebase);

    private bool RunPredeploy()
    {
        if (entry.Predeploy.Count == 0)
        {
            return false;
        }

        var watch = Stopwatch.StartNew();
        foreach (var command in entry.Predeploy)
        {
            PredeployCommand.RunAsync(root, projectId, entry.Name, source, command, events, CancellationToken.None).GetAwaiter().GetResult();
        }

        events.Verbose($"Codebase '{entry.Name}': predeploy took {watch.ElapsedMilliseconds} ms.");
        return true;
    }

    private Result Done(Result result)
    {
        var functions = result.Manifest.Functions;
        events.Verbose($"Codebase '{entry.Name}': {functions.Count} function(s) from {result.From} in {result.Elapsed.TotalMilliseconds:0} ms: {string.Join(", ", functions.Select(f => f.Id))}.");
        foreach (var param in result.Manifest.Params)
        {
            events.Verbose($"  param {param.Name} ({param.Type}) from {param.Source}");
        }

        foreach (var function in functions.Where(f => f.NotDeployable.Count > 0))
        {
            events.Warning($"Function '{function.Id}' of codebase '{entry.Name}' cannot be deployed by JobFinder.Ops yet: {string.Join("; ", function.NotDeployable)}");
        }

        return result;
    }
}
