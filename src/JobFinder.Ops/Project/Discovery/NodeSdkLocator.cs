using System.Text.Json;
using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Project.Discovery;

/// <summary>Finds what loading a Node codebase needs: the <c>node</c> executable on PATH and the
/// codebase's installed firebase-functions SDK (resolved from the source folder upwards, as Node's
/// <c>require.resolve</c> and firebase-tools' <c>findFunctionsBinary</c> do), with its version and the
/// manifest server script it ships. Each gap is an error naming the codebase, the folder and the fix.</summary>
internal static class NodeSdkLocator
{
    /// <summary>firebase-tools' MIN_FUNCTIONS_SDK_VERSION: older SDKs serve no manifest.</summary>
    public static readonly Version MinimumSdk = new(3, 20, 0);

    // firebase-tools skips the version check for a locally linked SDK.
    private const string DevelopmentVersion = "0.0.0-development";

    public sealed record Sdk(string Version, string ServerScript);

    public static string FindNode(string codebase, string sourceDirectory, string runtime)
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"];
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        var major = new string(runtime.Where(char.IsDigit).ToArray());
        throw new JobFinderException("NodeNotFound", ErrorKind.ObjectNotFound,
            $"Codebase '{codebase}' at '{sourceDirectory}' is a Node.js codebase: its functions are found by loading the code with Node.js, as firebase deploy does, and no 'node' is on PATH.",
            sourceDirectory)
        {
            RecommendedAction = $"Install Node.js {(major.Length > 0 ? major : "20")} (runtime {runtime}) and put it on PATH, or add a static functions.yaml to '{sourceDirectory}'.",
        };
    }

    public static Sdk FindSdk(string codebase, string sourceDirectory)
    {
        var package = FindPackage(sourceDirectory);
        if (package is null)
        {
            var hasModules = Directory.Exists(Path.Combine(sourceDirectory, "node_modules"));
            throw new JobFinderException("FunctionsDependenciesMissing", ErrorKind.ObjectNotFound,
                hasModules
                    ? $"Codebase '{codebase}' at '{sourceDirectory}' has node_modules but no firebase-functions in it; its functions cannot be loaded."
                    : $"Codebase '{codebase}' at '{sourceDirectory}' has no node_modules: its dependencies are not installed, so its functions cannot be loaded.",
                sourceDirectory)
            {
                RecommendedAction = hasModules
                    ? $"Run 'npm install firebase-functions@latest' in '{sourceDirectory}'."
                    : $"Run 'npm ci' in '{sourceDirectory}' (or 'npm install' when it has no package-lock.json).",
            };
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(package, "package.json")));
        var root = document.RootElement;
        var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "0.0.0";
        string? bin = null;
        if (root.TryGetProperty("bin", out var bins) && bins.ValueKind == JsonValueKind.Object
            && bins.TryGetProperty("firebase-functions", out var script) && script.ValueKind == JsonValueKind.String)
        {
            bin = Path.GetFullPath(Path.Combine(package, script.GetString()!));
        }

        if (version != DevelopmentVersion && (ParseVersion(version) < MinimumSdk || bin is null || !File.Exists(bin)))
        {
            throw new JobFinderException("FunctionsSdkTooOld", ErrorKind.InvalidOperation,
                $"Codebase '{codebase}' at '{sourceDirectory}' uses firebase-functions {version}, which cannot report its functions; firebase-tools needs {MinimumSdk} or later.",
                sourceDirectory)
            {
                RecommendedAction = $"Run 'npm install firebase-functions@latest' in '{sourceDirectory}' (at least {MinimumSdk}).",
            };
        }

        return new Sdk(version, bin!);
    }

    // Node's resolution: node_modules/firebase-functions in the folder, then in each parent folder.
    private static string? FindPackage(string sourceDirectory)
    {
        for (var folder = new DirectoryInfo(sourceDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "node_modules", "firebase-functions");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static Version ParseVersion(string text)
    {
        var core = text.Split('-', '+')[0];
        return System.Version.TryParse(core, out var version) ? version : new Version(0, 0);
    }
}
