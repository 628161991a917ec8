using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Firestore;

/// <summary>With <c>--data-path</c>, the data APIs' state survives a restart: objects (bytes on disk),
/// documents and databases, an export started before the restart, rulesets and releases, alert policies,
/// channels and dashboards.</summary>
public sealed class DataRestartTests : IDisposable
{
    private const string Project = EmulatorSession.Project;
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "emu-data-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task StateAndARunningExportSurviveARestart()
    {
        var options = new EmulatorOptions { DataPath = _dataPath };
        string exportOperation, ruleset, policy, dashboard;
        await using (var before = await EmulatorSession.StartAsync(options))
        {
            using (var upload = await before.Client.PostAsync($"upload/storage/v1/b/{Project}.appspot.com/o?uploadType=media&name=kept%2Fnote.txt", new StringContent("kept bytes")))
            {
                upload.EnsureSuccessStatusCode();
            }
            await before.SendJsonAsync(HttpMethod.Patch, $"v1/projects/{Project}/databases/(default)/documents/notes/kept",
                new JsonObject { ["fields"] = new JsonObject { ["text"] = new JsonObject { ["stringValue"] = "still here" } } });
            await before.SendJsonAsync(HttpMethod.Post, "_emulator/operation-faults", new JsonObject { ["api"] = "firestore", ["kind"] = "slow", ["delayMs"] = 400 });
            var export = await before.SendJsonAsync(HttpMethod.Post, $"v1/projects/{Project}/databases/(default):exportDocuments",
                new JsonObject { ["outputUriPrefix"] = $"gs://{Project}-backups/across-restart" });
            exportOperation = (string)export["name"]!;
            Assert.Null(export["done"]);
            ruleset = (string)(await before.SendJsonAsync(HttpMethod.Post, $"v1/projects/{Project}/rulesets", new JsonObject
            {
                ["source"] = new JsonObject { ["files"] = new JsonArray(new JsonObject { ["name"] = "f.rules", ["content"] = "service cloud.firestore { match /a/{b} { allow read: if true; } }" }) },
            }))["name"]!;
            await before.SendJsonAsync(HttpMethod.Patch, $"v1/projects/{Project}/releases/cloud.firestore",
                new JsonObject { ["release"] = new JsonObject { ["name"] = $"projects/{Project}/releases/cloud.firestore", ["rulesetName"] = ruleset } });
            policy = (string)(await before.SendJsonAsync(HttpMethod.Post, $"v3/projects/{Project}/alertPolicies", new JsonObject
            {
                ["displayName"] = "kept policy",
                ["combiner"] = "OR",
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["displayName"] = "absent",
                    ["conditionAbsent"] = new JsonObject { ["filter"] = "resource.type=\"cloud_run_revision\" AND metric.type=\"run.googleapis.com/request_count\"", ["duration"] = "300s" },
                }),
            }))["name"]!;
            dashboard = (string)(await before.SendJsonAsync(HttpMethod.Post, $"v1/projects/{Project}/dashboards", new JsonObject { ["displayName"] = "kept" }))["name"]!;
        }

        await using var after = await EmulatorSession.StartAsync(options);
        Assert.Equal("kept bytes", await after.Client.GetStringAsync($"storage/v1/b/{Project}.appspot.com/o/kept%2Fnote.txt?alt=media"));
        var note = await after.GetJsonAsync($"v1/projects/{Project}/databases/(default)/documents/notes/kept");
        Assert.Equal("still here", (string?)note["fields"]!["text"]!["stringValue"]);
        var release = await after.GetJsonAsync($"v1/projects/{Project}/releases/cloud.firestore");
        Assert.Equal(ruleset, (string?)release["rulesetName"]);
        Assert.Equal("kept policy", (string?)(await after.GetJsonAsync($"v3/{policy}"))["displayName"]);
        Assert.Equal("kept", (string?)(await after.GetJsonAsync($"v1/{dashboard}"))["displayName"]);

        JsonObject done = [];
        for (var i = 0; i < 400 && done["done"] is null; i++)
        {
            done = await after.GetJsonAsync($"v1/{exportOperation}");
            await Task.Delay(done["done"] is null ? 25 : 0);
        }
        Assert.Null(done["error"]);
        Assert.Equal("SUCCESSFUL", (string?)done["metadata"]!["operationState"]);
        Assert.NotNull(await after.GetJsonAsync($"storage/v1/b/{Project}-backups/o/across-restart%2Facross-restart.overall_export_metadata"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}
