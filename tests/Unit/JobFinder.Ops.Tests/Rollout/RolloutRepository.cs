using System.Text;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Tests.Rollout;

/// <summary>A throw-away backend repository for rollout tests: one codebase whose functions all use the
/// emulator's <c>health</c> entry point, tiny bake times, and the emulator's staging backup bucket.</summary>
internal sealed class RolloutRepository : IDisposable
{
    public const string ValidRules = """
        rules_version = '2';
        service cloud.firestore {
          match /databases/{database}/documents {
            match /jobs/{job} {
              allow read: if true;
            }
          }
        }
        """;

    public RolloutRepository(IReadOnlyList<string> functionIds, string trafficSteps = "[10, 50, 100]", string extraSettings = "", bool withRules = false)
    {
        FunctionIds = functionIds;
        Root = Path.Combine(Path.GetTempPath(), "jf-rollout-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Write("firebase.json", withRules
            ? """{ "functions": { "source": "functions", "runtime": "nodejs20" }, "firestore": { "rules": "firestore.rules" } }"""
            : """{ "functions": { "source": "functions", "runtime": "nodejs20" } }""");
        if (withRules)
        {
            Write("firestore.rules", ValidRules);
        }

        // The p95 limit is 30 s, not 5 s: test classes run side by side and a Node function on a saturated
        // test machine can take seconds to answer, which says nothing about the release (CI once rolled back
        // a good release here). The p95 rule itself is tested in CanaryVerdictRulesTests and end to end in Pester.
        Write(".firebaserc", """{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }""");
        Write("jobfinder.ops.json", $$"""
            {
              "rollout": { "strategy": "Custom", "trafficSteps": {{trafficSteps}}, "bakeTime": "200ms", "lockStaleAfter": "30m" },
              "analysis": { "minRequests": 20, "probeCount": 60, "maxBakeExtensions": 1, "maxP95Ms": 30000 },
              "backup": { "bucket": "gs://jobfinder-staging-backups" }{{extraSettings}}
            }
            """);
        var manifest = new StringBuilder("specVersion: v1alpha1\nendpoints:\n");
        foreach (var id in functionIds)
        {
            manifest.Append($"  {id}:\n    entryPoint: health\n    timeoutSeconds: 10\n    labels:\n      team: test\n    httpsTrigger: {{}}\n");
        }

        Write("functions/functions.yaml", manifest.ToString());
        SetSource("v1");
    }

    public string Root { get; }

    public IReadOnlyList<string> FunctionIds { get; }

    /// <summary>Changes the code, so every function gets a new source hash.</summary>
    public RolloutRepository SetSource(string version) =>
        Write("functions/index.js", $"// {version}\nexports.health = (req, res) => res.json({{ status: 'healthy' }});\n");

    /// <summary>A bad config, as in life: the staging dotenv makes the new revision fail.</summary>
    public RolloutRepository SetEnvironment(string dotenv) => Write("functions/.env.staging", dotenv);

    public RolloutRepository Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return this;
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
}
