using System.Diagnostics;
using System.Text.Json;
using JobFinder.Ops.Events;
using JobFinder.Ops.Project.Discovery;

namespace JobFinder.Ops.Tests.Project;

/// <summary>The npm install the discovery tests share (tests/Fixtures/NodeCodebases, installed once per
/// lock file by build.ps1 under out/npm) and the two references a discovery is compared with:
/// firebase-tools' own discovery (its modules run by firebase-tools-discover.js) and the SDK's raw manifest.</summary>
internal static class NodeFixtures
{
    public static string Folder { get; } = Path.Combine(Path.GetDirectoryName(TempProject.ExamplePath())!, "..", "tests", "Fixtures", "NodeCodebases");

    public static string Modules
    {
        get
        {
            var modules = Path.GetFullPath(Path.Combine(Folder, "node_modules"));
            return Directory.Exists(Path.Combine(modules, "firebase-functions"))
                ? new DirectoryInfo(modules).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? modules
                : throw new InvalidOperationException($"{modules} is not installed: run 'dotnet pwsh ./build.ps1 -Task Build' (it runs npm ci once per package-lock.json).");
        }
    }

    /// <summary>What firebase-tools discovers for the codebase: its resolved backend (one endpoint per
    /// region), params, resolved param values and required APIs.</summary>
    public static JsonElement FirebaseToolsDiscovery(string projectDir, string sourceDir, string projectId, string? alias, string region = "us-central1", string runtime = "nodejs20")
    {
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(Folder, "firebase-tools-discover.js"), projectDir, sourceDir, projectId, alias ?? "-", runtime },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // firebase-tools 15 picks the region of a function that names none at deploy time (where it
            // already runs, else the region of its trigger's resource, else us-central1); JobFinder.Ops
            // uses the project's region. Both are us-central1 here.
            Environment = { ["FIREBASE_FUNCTIONS_DEFAULT_REGION"] = region },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("@@ORACLE@@", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"firebase-tools discovery failed ({process.ExitCode}): {stderr.Result}");
        return JsonDocument.Parse(line["@@ORACLE@@".Length..]).RootElement.Clone();
    }

    /// <summary>The manifest the codebase's own SDK serves (the text we read), for tests that need the
    /// SDK's answer as a static functions.yaml.</summary>
    public static string SdkManifest(string sourceDir, string projectId)
    {
        var sdk = NodeSdkLocator.FindSdk("fixture", sourceDir);
        var node = NodeSdkLocator.FindNode("fixture", sourceDir, "nodejs20");
        return new NodeManifestServer(NullEventSink.Instance).Discover(new NodeManifestServer.Request("fixture", sourceDir, projectId, node, sdk, []));
    }

    /// <summary>Processes whose command line contains <paramref name="marker"/> (Linux /proc).</summary>
    public static IReadOnlyList<string> ProcessesMentioning(string marker)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(marker, StringComparison.Ordinal) && Path.GetFileName(dir) != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    found.Add($"{Path.GetFileName(dir)}: {cmdline}");
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
