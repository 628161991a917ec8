using System.Text.Json.Nodes;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Monitoring;

/// <summary>Service Monitoring services and SLOs over HTTP (monitoring-v3.json).</summary>
[Collection(DataApiCollection.Name)]
public class ServiceMonitoringApiTests(DataApiEmulator emulator)
{
    private const string Services = $"v3/projects/{DataApiEmulator.Project}/services";

    private static JsonObject Availability(double goal, string? rolling = "2419200s") =>
        new()
        {
            ["displayName"] = "99% of requests succeed",
            ["goal"] = goal,
            ["rollingPeriod"] = rolling,
            ["serviceLevelIndicator"] = new JsonObject
            {
                ["requestBased"] = new JsonObject
                {
                    ["goodTotalRatio"] = new JsonObject
                    {
                        ["totalServiceFilter"] = "metric.type=\"run.googleapis.com/request_count\" resource.type=\"cloud_run_revision\"",
                        ["badServiceFilter"] = "metric.type=\"run.googleapis.com/request_count\" resource.type=\"cloud_run_revision\" metric.labels.response_code_class=\"5xx\"",
                    },
                },
            },
        };

    [Fact]
    public async Task ServiceAndObjectiveLifecycle()
    {
        var (status, service) = await emulator.SendAsync(HttpMethod.Post, $"{Services}?serviceId=emu-data-submitjob",
            new JsonObject { ["displayName"] = "submitJob", ["custom"] = new JsonObject() });
        Assert.Equal(200, status);
        Assert.Equal($"projects/{DataApiEmulator.Project}/services/emu-data-submitjob", (string?)service["name"]);
        Assert.Equal(409, (await emulator.SendAsync(HttpMethod.Post, $"{Services}?serviceId=emu-data-submitjob", new JsonObject { ["custom"] = new JsonObject() })).Status);

        var objectives = $"v3/{(string)service["name"]!}/serviceLevelObjectives";
        var (created, slo) = await emulator.SendAsync(HttpMethod.Post, $"{objectives}?serviceLevelObjectiveId=availability", Availability(0.99));
        Assert.Equal(200, created);
        var (_, listed) = await emulator.SendAsync(HttpMethod.Get, objectives);
        Assert.Single(listed["serviceLevelObjectives"]!.AsArray());
        var (patched, updated) = await emulator.SendAsync(HttpMethod.Patch, $"v3/{(string)slo["name"]!}?updateMask=goal", new JsonObject { ["goal"] = 0.995 });
        Assert.Equal(200, patched);
        Assert.Equal(0.995, (double)updated["goal"]!);

        Assert.Equal(200, (await emulator.SendAsync(HttpMethod.Delete, $"v3/{(string)service["name"]!}")).Status);
        Assert.Equal(404, (await emulator.SendAsync(HttpMethod.Get, $"v3/{(string)slo["name"]!}")).Status);
    }

    [Theory]
    [InlineData(1.5, "2419200s", "goal")]
    [InlineData(0.99, "3600s", "rollingPeriod")]
    [InlineData(0.99, null, "period")]
    public async Task InvalidObjectivesAre400(double goal, string? rolling, string field)
    {
        await emulator.SendAsync(HttpMethod.Post, $"{Services}?serviceId=emu-data-slo-checks", new JsonObject { ["custom"] = new JsonObject() });
        var (status, error) = await emulator.SendAsync(HttpMethod.Post, $"{Services}/emu-data-slo-checks/serviceLevelObjectives", Availability(goal, rolling));
        Assert.Equal(400, status);
        Assert.Contains(error["error"]!["details"]![0]!["fieldViolations"]!.AsArray(), v => (string?)v!["field"] == field);
    }
}
