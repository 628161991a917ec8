using System.Text.Json.Nodes;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Dashboards;

/// <summary>Monitoring Dashboards v1 over HTTP (dashboards_service.proto bindings).</summary>
[Collection(DataApiCollection.Name)]
public class DashboardsApiTests(DataApiEmulator emulator)
{
    private const string Dashboards = $"monitoring/v1/projects/{DataApiEmulator.Project}/dashboards";

    private static JsonObject Dashboard(string title) => new()
    {
        ["displayName"] = title,
        ["mosaicLayout"] = new JsonObject
        {
            ["columns"] = 48,
            ["tiles"] = new JsonArray(new JsonObject
            {
                ["xPos"] = 0,
                ["width"] = 24,
                ["height"] = 16,
                ["widget"] = new JsonObject { ["title"] = "Request rate", ["xyChart"] = new JsonObject { ["dataSets"] = new JsonArray() } },
            }),
        },
    };

    [Fact]
    public async Task CrudWithEtagConcurrency()
    {
        var (status, created) = await emulator.SendAsync(HttpMethod.Post, Dashboards, Dashboard("emu-data functions"));
        Assert.Equal(200, status);
        var name = (string)created["name"]!;
        var etag = (string)created["etag"]!;
        var (_, listed) = await emulator.SendAsync(HttpMethod.Get, Dashboards);
        Assert.Contains(listed["dashboards"]!.AsArray(), d => (string?)d!["name"] == name);

        var update = Dashboard("emu-data functions v2");
        update["etag"] = etag;
        var (patched, updated) = await emulator.SendAsync(HttpMethod.Patch, $"monitoring/v1/{name}", update);
        Assert.Equal(200, patched);
        Assert.NotEqual(etag, (string?)updated["etag"]);
        var (stale, error) = await emulator.SendAsync(HttpMethod.Patch, $"monitoring/v1/{name}", update);
        Assert.Equal(409, stale);
        Assert.Equal("ABORTED", (string?)error["error"]!["status"]);

        Assert.Equal(200, (await emulator.SendAsync(HttpMethod.Delete, $"v1/{name}")).Status);
        Assert.Equal(404, (await emulator.SendAsync(HttpMethod.Get, $"v1/{name}")).Status);
    }

    [Fact]
    public async Task ValidationAndValidateOnly()
    {
        var noTitle = Dashboard("");
        var (status, error) = await emulator.SendAsync(HttpMethod.Post, Dashboards, noTitle);
        Assert.Equal(400, status);
        Assert.Equal("displayName", (string?)error["error"]!["details"]![0]!["fieldViolations"]![0]!["field"]);
        var twoLayouts = Dashboard("two layouts");
        twoLayouts["gridLayout"] = new JsonObject();
        Assert.Equal(400, (await emulator.SendAsync(HttpMethod.Post, Dashboards, twoLayouts)).Status);

        var (ok, dryRun) = await emulator.SendAsync(HttpMethod.Post, Dashboards + "?validateOnly=true", Dashboard("emu-data dry run"));
        Assert.Equal(200, ok);
        Assert.Equal(404, (await emulator.SendAsync(HttpMethod.Get, $"v1/{(string)dryRun["name"]!}")).Status);
    }
}
