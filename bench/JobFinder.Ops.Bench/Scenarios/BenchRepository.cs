using System.Text;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>A throw-away backend for the rollout benchmarks: one codebase of functions on the emulator's
/// <c>health</c> entry point, deployed to jobfinder-staging with its backup bucket. Changing the source
/// (or the staging dotenv, for a bad release) gives every function a new source hash.</summary>
internal sealed class BenchRepository : IDisposable
{
    public BenchRepository(IReadOnlyList<string> functionIds, string analysis = """{ "minRequests": 20, "probeCount": 40, "maxBakeExtensions": 0 }""")
    {
        FunctionIds = functionIds;
        Root = Directory.CreateTempSubdirectory("jf-bench-").FullName;
        Write("firebase.json", """{ "functions": { "source": "functions", "runtime": "nodejs20" } }""");
        Write(".firebaserc", """{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }""");
        Write("jobfinder.ops.json", $$"""
            { "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s" }, "analysis": {{analysis}},
              "backup": { "bucket": "gs://jobfinder-staging-backups" } }
            """);
        var manifest = new StringBuilder("specVersion: v1alpha1\nendpoints:\n");
        foreach (var id in functionIds)
        {
            manifest.Append($"  {id}:\n    entryPoint: health\n    httpsTrigger: {{}}\n");
        }

        Write("functions/functions.yaml", manifest.ToString());
        Release("v1");
    }

    public string Root { get; }

    public IReadOnlyList<string> FunctionIds { get; }

    /// <summary>Ids <c>prefix00</c>, <c>prefix01</c>...</summary>
    public static string[] Ids(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}{i:00}")];

    /// <summary>New code; with <paramref name="errorRate"/> the new revisions answer that share with 500.</summary>
    public BenchRepository Release(string version, double errorRate = 0)
    {
        Write("functions/index.js", $"// {version}\nexports.health = (req, res) => res.json({{ status: 'healthy' }});\n");
        return Write("functions/.env.staging", errorRate > 0 ? $"EMULATOR_FAULT_ERROR_RATE={errorRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n" : "RELEASE=ok\n");
    }

    public JobFinderProject Load() => ProjectLoader.Load(Root, "staging");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Temp is cleaned by the OS.
        }
    }

    private BenchRepository Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return this;
    }
}
