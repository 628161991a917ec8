using System.Text.Json.Nodes;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Rules;

/// <summary>Firebase Rules v1 over HTTP, requests written from firebaserules-v1.json.</summary>
[Collection(DataApiCollection.Name)]
public class RulesApiTests(DataApiEmulator emulator)
{
    private const string Project = $"v1/projects/{DataApiEmulator.Project}";
    private const string Valid = "rules_version = '2';\nservice cloud.firestore {\n  match /databases/{db}/documents {\n    allow read: if true;\n  }\n}\n";

    private static JsonObject Source(string content, string name = "firestore.rules") =>
        new() { ["source"] = new JsonObject { ["files"] = new JsonArray(new JsonObject { ["name"] = name, ["content"] = content }) } };

    [Fact]
    public async Task TestReportsIssuesWithSourcePositions()
    {
        var (status, body) = await emulator.SendAsync(HttpMethod.Post, $"{Project}:test",
            Source("service cloud.firestore {\n  match /a/{b} {\n    allow reed: if true;\n  }\n}\n"));
        Assert.Equal(200, status);
        var issue = body["issues"]![0]!;
        Assert.Equal("firestore.rules", (string?)issue["sourcePosition"]!["fileName"]);
        Assert.Equal(3, (int)issue["sourcePosition"]!["line"]!);
        Assert.Equal(11, (int)issue["sourcePosition"]!["column"]!);
        Assert.Equal("ERROR", (string?)issue["severity"]);
        var (_, clean) = await emulator.SendAsync(HttpMethod.Post, $"firebaserules/{Project}:test", Source(Valid));
        Assert.Null(clean["issues"]);
    }

    [Fact]
    public async Task CreateRefusesInvalidSourceNamingFileLineAndColumn()
    {
        var (status, body) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/rulesets", Source("rules_version = '2';\nservice cloud.firestore {\n", "bad.rules"));
        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", (string?)body["error"]!["status"]);
        Assert.StartsWith("bad.rules:2:25:", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeededReleasesPointAtRulesetsWithSource()
    {
        var (status, release) = await emulator.SendAsync(HttpMethod.Get, $"{Project}/releases/firebase.storage/{DataApiEmulator.Project}.appspot.com");
        Assert.Equal(200, status);
        var (_, ruleset) = await emulator.SendAsync(HttpMethod.Get, $"v1/{(string)release["rulesetName"]!}");
        Assert.Contains("service firebase.storage", (string?)ruleset["source"]!["files"]![0]!["content"], StringComparison.Ordinal);
        Assert.Equal("firebase.storage", (string?)ruleset["metadata"]!["services"]![0]);
        var (_, firestore) = await emulator.SendAsync(HttpMethod.Get, $"{Project}/releases/cloud.firestore");
        Assert.StartsWith($"projects/{DataApiEmulator.Project}/rulesets/", (string?)firestore["rulesetName"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseLifecycleWithWrapperPatchAndReferencedDeleteRefused()
    {
        var (_, first) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/rulesets", Source(Valid));
        var (_, second) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/rulesets",
            new JsonObject { ["source"] = Source(Valid.Replace("true", "false", StringComparison.Ordinal))["source"]!.DeepClone(), ["attachment_point"] = "firestore.googleapis.com/projects/1/databases/emu-db" });
        Assert.Equal("firestore.googleapis.com/projects/1/databases/emu-db", (string?)second["attachmentPoint"]);
        var releaseName = $"projects/{DataApiEmulator.Project}/releases/cloud.firestore/emu-data-db";
        var (created, release) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/releases",
            new JsonObject { ["name"] = releaseName, ["rulesetName"] = (string)first["name"]! });
        Assert.Equal(200, created);
        Assert.Equal(409, (await emulator.SendAsync(HttpMethod.Post, $"{Project}/releases", new JsonObject { ["name"] = releaseName, ["rulesetName"] = (string)first["name"]! })).Status);

        var (patched, updated) = await emulator.SendAsync(HttpMethod.Patch, $"v1/{releaseName}",
            new JsonObject { ["release"] = new JsonObject { ["name"] = releaseName, ["rulesetName"] = (string)second["name"]! }, ["updateMask"] = "ruleset_name" });
        Assert.Equal(200, patched);
        Assert.Equal((string)second["name"]!, (string?)updated["rulesetName"]);
        Assert.Equal(400, (await emulator.SendAsync(HttpMethod.Patch, $"v1/{releaseName}", new JsonObject { ["name"] = releaseName })).Status);
        Assert.Equal(404, (await emulator.SendAsync(HttpMethod.Patch, $"{Project}/releases/nope",
            new JsonObject { ["release"] = new JsonObject { ["rulesetName"] = (string)second["name"]! } })).Status);

        var (refused, error) = await emulator.SendAsync(HttpMethod.Delete, $"v1/{(string)second["name"]!}");
        Assert.Equal(400, refused);
        Assert.Equal("FAILED_PRECONDITION", (string?)error["error"]!["status"]);
        Assert.Equal(200, (await emulator.SendAsync(HttpMethod.Delete, $"v1/{(string)first["name"]!}")).Status);
        Assert.Equal(404, (await emulator.SendAsync(HttpMethod.Get, $"v1/{(string)first["name"]!}")).Status);
        Assert.Equal(200, (await emulator.SendAsync(HttpMethod.Delete, $"v1/{releaseName}")).Status);
        Assert.Equal(200, (await emulator.SendAsync(HttpMethod.Delete, $"v1/{(string)second["name"]!}")).Status);
    }

    [Fact]
    public async Task ListsPageWithMetadataOnlyRulesets()
    {
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(200, (await emulator.SendAsync(HttpMethod.Post, $"{Project}/rulesets", Source(Valid))).Status);
        }
        var seen = new List<string>();
        string? token = null;
        do
        {
            var (status, page) = await emulator.SendAsync(HttpMethod.Get, $"{Project}/rulesets" + (token is null ? "" : "?pageToken=" + Uri.EscapeDataString(token)));
            Assert.Equal(200, status);
            Assert.True(page["rulesets"]!.AsArray().Count <= 10);
            Assert.All(page["rulesets"]!.AsArray(), r => Assert.Null(r!["source"]));
            seen.AddRange(page["rulesets"]!.AsArray().Select(r => (string)r!["name"]!));
            token = (string?)page["nextPageToken"];
        }
        while (token is not null);
        Assert.True(seen.Count >= 14);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var (_, releases) = await emulator.SendAsync(HttpMethod.Get, $"{Project}/releases?filter=" + Uri.EscapeDataString("name=firebase.storage*"));
        Assert.Single(releases["releases"]!.AsArray());
    }
}
