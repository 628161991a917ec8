using System.Text.RegularExpressions;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Monitoring;
using JobFinder.Ops.Project;
using JobFinder.Ops.Tests.Monitoring;
using JobFinder.Ops.Tests.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Reliability;

/// <summary>The fuzz goal: 1,000 mutated firebase.json files and 1,000 mutated alert-policy
/// files (the example's YAML shorthand and a gcloud AlertPolicy JSON) go through the same loaders the
/// cmdlets use. Every outcome must be a load or a clean <see cref="JobFinderException"/> (which the
/// cmdlet base turns into an ErrorRecord with its ErrorId) whose id is PascalCase and whose message is
/// not empty; any other exception type is a crash the user would see as a stack trace.
/// Complements Project/LoaderFuzzTests (500 textual edits each) with structural mutations.</summary>
public partial class LoaderFuzzSuite
{
    private const int Iterations = 1000;

    /// <summary>A complete gcloud-format policy (what Export-JobFinderAlertPolicy writes).</summary>
    private const string PolicyJson = """
        {
          "displayName": "Function latency p95",
          "combiner": "OR",
          "documentation": { "content": "p95 above 5 s", "mimeType": "text/markdown" },
          "userLabels": { "team": "jobfinder" },
          "conditions": [
            {
              "displayName": "p95 over 5 s",
              "conditionThreshold": {
                "filter": "resource.type = \"cloud_run_revision\" AND metric.type = \"run.googleapis.com/request_latencies\"",
                "aggregations": [{ "alignmentPeriod": "60s", "perSeriesAligner": "ALIGN_PERCENTILE_95", "crossSeriesReducer": "REDUCE_MAX", "groupByFields": ["resource.labels.service_name"] }],
                "comparison": "COMPARISON_GT",
                "thresholdValue": 5000,
                "duration": "300s",
                "trigger": { "count": 1 }
              }
            },
            {
              "displayName": "no requests",
              "conditionAbsent": {
                "filter": "resource.type = \"cloud_run_revision\" AND metric.type = \"run.googleapis.com/request_count\"",
                "duration": "600s"
              }
            }
          ],
          "alertStrategy": { "autoClose": "1800s" },
          "severity": "ERROR",
          "enabled": true
        }
        """;

    [Fact]
    public void MutatedFirebaseJsonFilesOnlyEverRaiseJobFinderExceptions()
    {
        using var repo = TempProject.StaticCopyOfExample();
        var path = repo.PathOf("firebase.json");
        var original = File.ReadAllText(path);
        var mutator = new InputMutator(seed: 11_0001);

        var outcomes = Run(original, isJson: true, mutator, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            ProjectLoader.Load(repo.Root, "staging");
        });

        AssertExercised(outcomes, "firebase.json");
    }

    [Fact]
    public void MutatedAlertPolicyFilesOnlyEverRaiseJobFinderExceptions()
    {
        var folder = Directory.CreateTempSubdirectory("jf-policy-fuzz-");
        try
        {
            var yaml = File.ReadAllText(Path.Combine(TempProject.ExamplePath(), "monitoring-config.yaml"));
            var yamlPath = Path.Combine(folder.FullName, "monitoring-config.yaml");
            var jsonPath = Path.Combine(folder.FullName, "policy.json");
            var mutator = new InputMutator(seed: 11_0002);

            var yamlOutcomes = Run(yaml, isJson: false, mutator, bytes => Load(yamlPath, bytes), Iterations / 2);
            var jsonOutcomes = Run(PolicyJson, isJson: true, mutator, bytes => Load(jsonPath, bytes), Iterations / 2);

            AssertExercised(yamlOutcomes, "monitoring-config.yaml");
            AssertExercised(jsonOutcomes, "policy.json");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void Load(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        MonitoringService.Load(MonitoringSource.FromFile(path), SpecText.Gen2Project, NullEventSink.Instance);
    }

    private static Dictionary<string, int> Run(string original, bool isJson, InputMutator mutator, Action<byte[]> load, int iterations = Iterations)
    {
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < iterations; i++)
        {
            var bytes = mutator.Mutate(original, isJson);
            string outcome;
            try
            {
                load(bytes);
                outcome = "loaded";
            }
            catch (JobFinderException ex)
            {
                Assert.True(PascalCase().IsMatch(ex.ErrorId), $"Mutation {i}: ErrorId '{ex.ErrorId}' is not PascalCase.");
                Assert.False(string.IsNullOrWhiteSpace(ex.Message), $"Mutation {i}: {ex.ErrorId} has no message.");
                outcome = ex.ErrorId;
            }
            catch (Exception ex)
            {
                Assert.Fail($"Mutation {i} raised {ex.GetType().FullName}: {ex.Message}\n---\n{System.Text.Encoding.UTF8.GetString(bytes)[..Math.Min(bytes.Length, 4000)]}");
                throw;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        return outcomes;
    }

    /// <summary>A fuzz run that only ever hit one error path proves little: require several distinct
    /// ErrorIds and some mutations that still load (so the validators behind the parser are reached).</summary>
    private static void AssertExercised(Dictionary<string, int> outcomes, string file)
    {
        var summary = string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key}={o.Value}"));
        Assert.True(outcomes.Keys.Count(k => k != "loaded") >= 3, $"{file}: too few distinct ErrorIds: {summary}");
        Assert.True(outcomes.GetValueOrDefault("loaded") > 0, $"{file}: no mutation loaded, so only the parser was exercised: {summary}");
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]+$")]
    private static partial Regex PascalCase();
}
