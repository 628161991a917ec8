using System.Diagnostics;
using System.Text;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using JobFinder.Ops.Undo;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>Undo-JobFinderDeployment's engine on a 10-function deployment: deploy v1, deploy v2 to 100%,
/// then time the undo (plan + one traffic step for all functions + journal + lock). Goal: one traffic
/// step for all functions, under 2 s on the emulator.</summary>
public sealed class UndoBench : IBenchScenario
{
    private const int FunctionCount = 10;

    public string Name => "undo";

    public string Description => "Undo of a 10-function deployment: total seconds, seconds of the single traffic+rules step, number of traffic steps (goal: 1 step, < 2 s).";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Profile = LatencyProfile.Fast }, cancellationToken);
        using var connection = await GoogleConnection.ConnectAsync(new GoogleClientOptions
        {
            AccessToken = GoogleConnection.EmulatorOwnerToken,
            EmulatorHost = emulator.BaseAddress.Authority,
            Polling = OperationPollOptions.Fast,
            Environment = _ => null,
        }, cancellationToken);
        var client = new GoogleRestClient(connection, NullEventSink.Instance);
        var root = Path.Combine(Path.GetTempPath(), "jobfinder-bench-undo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            WriteRepository(root, "v1");
            await DeployAsync(client, root, cancellationToken);
            WriteRepository(root, "v2");
            var deployment = await DeployAsync(client, root, cancellationToken);

            var clock = Stopwatch.StartNew();
            var undo = await new DeploymentUndo(client).UndoAsync(deployment, new UndoOptions { Project = ProjectLoader.Load(root, "staging"), Verify = false }, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            var trafficSteps = undo.Steps.Where(s => s.Kind == DeploymentStepKind.Rollback).ToArray();
            clock.Restart();
            var again = await new DeploymentUndo(client).UndoAsync(deployment, new UndoOptions { Project = ProjectLoader.Load(root, "staging"), Verify = false }, cancellationToken);
            return new Dictionary<string, object>
            {
                ["functions"] = FunctionCount,
                ["outcome"] = undo.Outcome.ToString(),
                ["undoSeconds"] = Math.Round(seconds, 3),
                ["trafficSteps"] = trafficSteps.Length,
                ["trafficStepSeconds"] = Math.Round(trafficSteps.Sum(s => s.Duration?.TotalSeconds ?? 0), 3),
                ["secondUndoSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
                ["secondUndoSameRecord"] = again.Id == undo.Id,
            };
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<DeploymentRecord> DeployAsync(GoogleRestClient client, string root, CancellationToken cancellationToken)
    {
        var record = await new RolloutEngine(client).DeployAsync(new DeploymentOptions { Project = ProjectLoader.Load(root, "staging"), SkipBackup = true }, cancellationToken);
        return record.Outcome == DeploymentOutcome.Succeeded ? record : throw new InvalidOperationException($"Bench deployment {record.Id} ended {record.Outcome}: {record.Reason}");
    }

    /// <summary>A backend with <see cref="FunctionCount"/> health functions, deployed straight to 100%.</summary>
    private static void WriteRepository(string root, string version)
    {
        Directory.CreateDirectory(Path.Combine(root, "functions"));
        File.WriteAllText(Path.Combine(root, "firebase.json"), """{ "functions": { "source": "functions", "runtime": "nodejs20" } }""");
        File.WriteAllText(Path.Combine(root, ".firebaserc"), """{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }""");
        File.WriteAllText(Path.Combine(root, "jobfinder.ops.json"), """{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s", "throttleLimit": 10 }, "backup": { "bucket": "gs://jobfinder-staging-backups" } }""");
        var manifest = new StringBuilder("specVersion: v1alpha1\nendpoints:\n");
        for (var i = 0; i < FunctionCount; i++)
        {
            manifest.Append($"  benchUndo{i:00}:\n    entryPoint: health\n    httpsTrigger: {{}}\n");
        }

        File.WriteAllText(Path.Combine(root, "functions", "functions.yaml"), manifest.ToString());
        File.WriteAllText(Path.Combine(root, "functions", "index.js"), $"// {version}\nexports.health = (req, res) => res.json({{ status: 'healthy' }});\n");
    }
}
