using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>How long finding the example's functions from its code takes (warm: node_modules in the OS
/// cache, after one unmeasured run), next to firebase-tools 15's own discovery of the same codebase in
/// the same run (its runtime delegate's discoverBuild + resolveBackend, run by
/// tests/Fixtures/NodeCodebases/firebase-tools-discover.js in one Node process, so its own start-up is not
/// counted). Goal: under 1.5 s warm for ours.</summary>
public sealed class DiscoveryBench : IBenchScenario
{
    private const int Runs = 5;

    public string Name => "discovery";

    public string Description => "Discovery of examples/job-finder-be from index.js (median of 5 warm runs) vs firebase-tools 15's discovery of the same codebase; goal < 1.5 s warm.";

    public Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var example = Path.Combine(root, "examples", "job-finder-be");
        ProjectLoader.Load(example, "staging");
        var discovery = new List<double>();
        var load = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var project = ProjectLoader.Load(example, "staging");
            load.Add(watch.Elapsed.TotalMilliseconds);
            discovery.Add(project.Codebases[0].DiscoveryTime.TotalMilliseconds);
        }

        var firebaseTools = FirebaseToolsTimes(root, example).Skip(1).ToArray();
        IReadOnlyDictionary<string, object> figures = new Dictionary<string, object>
        {
            ["jobfinder.discovery.medianMs"] = Median(discovery),
            ["jobfinder.discovery.maxMs"] = Math.Round(discovery.Max()),
            ["jobfinder.Get-JobFinderProject.medianMs"] = Median(load),
            ["firebase-tools.discovery.medianMs"] = Median(firebaseTools),
            ["firebase-tools.discovery.maxMs"] = Math.Round(firebaseTools.Max()),
            ["goal.discoveryUnder1500Ms"] = Median(discovery) < 1500,
        };
        return Task.FromResult(figures);
    }

    private static double[] FirebaseToolsTimes(string root, string example)
    {
        var script = Path.Combine(root, "tests", "Fixtures", "NodeCodebases", "firebase-tools-discover.js");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, example, Path.Combine(example, "functions"), "jobfinder-staging", "staging", "nodejs20", (Runs + 1).ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["FIREBASE_FUNCTIONS_DEFAULT_REGION"] = "us-central1" },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("@@ORACLE@@", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"firebase-tools discovery failed: {stderr.Result}");
        using var document = JsonDocument.Parse(line["@@ORACLE@@".Length..]);
        return document.RootElement.GetProperty("times").EnumerateArray().Select(t => t.GetDouble()).ToArray();
    }

    private static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return Math.Round(sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "examples", "job-finder-be", "firebase.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("examples/job-finder-be not found above " + sourceFile);
    }
}
