using System.Text.Json.Nodes;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Monitoring;

/// <summary>Monitoring v3 alertPolicies and notificationChannels over HTTP (monitoring-v3.json).</summary>
[Collection(DataApiCollection.Name)]
public class AlertPoliciesApiTests(DataApiEmulator emulator)
{
    private const string Project = $"v3/projects/{DataApiEmulator.Project}";

    private static JsonObject Threshold(string name = "5xx rate") => new()
    {
        ["displayName"] = name,
        ["conditionThreshold"] = new JsonObject
        {
            ["filter"] = "resource.type=\"cloud_run_revision\" AND metric.type=\"run.googleapis.com/request_count\" AND metric.labels.response_code_class=\"5xx\"",
            ["comparison"] = "COMPARISON_GT",
            ["thresholdValue"] = 0.1,
            ["duration"] = "300s",
            ["aggregations"] = new JsonArray(new JsonObject { ["alignmentPeriod"] = "60s", ["perSeriesAligner"] = "ALIGN_RATE" }),
        },
    };

    private static JsonObject Policy(string displayName) => new()
    {
        ["displayName"] = displayName,
        ["combiner"] = "OR",
        ["conditions"] = new JsonArray(Threshold()),
        ["userLabels"] = new JsonObject { ["managed_by"] = "jobfinder-ops" },
    };

    [Fact]
    public async Task CreateAssignsNamesAndRecordsThenGetAndListByFilter()
    {
        var (status, created) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/alertPolicies", Policy("emu-data High Error Rate"));
        Assert.Equal(200, status);
        var name = (string)created["name"]!;
        Assert.Matches($"^projects/{DataApiEmulator.Project}/alertPolicies/\\d+$", name);
        Assert.StartsWith(name + "/conditions/", (string?)created["conditions"]![0]!["name"], StringComparison.Ordinal);
        Assert.NotNull(created["creationRecord"]!["mutateTime"]);
        Assert.True((bool)created["enabled"]!);
        var (_, fetched) = await emulator.SendAsync(HttpMethod.Get, $"monitoring/v3/{name}");
        Assert.Equal(created.ToJsonString(), fetched.ToJsonString());
        var (_, listed) = await emulator.SendAsync(HttpMethod.Get, $"{Project}/alertPolicies?filter=" + Uri.EscapeDataString("display_name=\"emu-data High Error Rate\" AND user_labels.managed_by=\"jobfinder-ops\""));
        Assert.Single(listed["alertPolicies"]!.AsArray());
        Assert.Equal(1, (int)listed["totalSize"]!);
    }

    [Theory]
    [InlineData("displayName", "")]
    [InlineData("conditions", "none")]
    [InlineData("conditions[0]", "two-kinds")]
    [InlineData("conditions[0].conditionThreshold.filter", "no-resource-type")]
    [InlineData("conditions[0].conditionThreshold.duration", "90s")]
    [InlineData("combiner", "missing-combiner")]
    [InlineData("conditions[0].conditionThreshold.aggregations[0].alignmentPeriod", "30s-alignment")]
    [InlineData("alertStrategy.notificationRateLimit", "log-without-rate-limit")]
    public async Task InvalidPoliciesAre400WithTheField(string field, string variant)
    {
        var policy = Policy("emu-data invalid");
        var threshold = policy["conditions"]![0]!["conditionThreshold"]!.AsObject();
        switch (variant)
        {
            case "":
                policy["displayName"] = "";
                break;
            case "none":
                policy["conditions"] = new JsonArray();
                break;
            case "two-kinds":
                policy["conditions"]![0]!["conditionAbsent"] = new JsonObject { ["filter"] = "x", ["duration"] = "120s" };
                break;
            case "no-resource-type":
                threshold["filter"] = "metric.type=\"run.googleapis.com/request_count\"";
                break;
            case "90s":
                threshold["duration"] = "90s";
                break;
            case "missing-combiner":
                policy.Remove("combiner");
                policy["conditions"]!.AsArray().Add(Threshold("second"));
                break;
            case "30s-alignment":
                threshold["aggregations"]![0]!["alignmentPeriod"] = "30s";
                break;
            default:
                policy["conditions"] = new JsonArray(new JsonObject
                {
                    ["displayName"] = "errors in logs",
                    ["conditionMatchedLog"] = new JsonObject { ["filter"] = "severity>=ERROR" },
                });
                break;
        }
        var (status, error) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/alertPolicies", policy);
        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", (string?)error["error"]!["status"]);
        var violations = error["error"]!["details"]![0]!["fieldViolations"]!.AsArray();
        Assert.Contains(violations, v => (string?)v!["field"] == field);
    }

    [Fact]
    public async Task PatchWithMaskSetsOrResetsAndWithoutMaskReplaces()
    {
        var (_, created) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/alertPolicies", Policy("emu-data patch me"));
        var name = (string)created["name"]!;
        var conditionName = (string)created["conditions"]![0]!["name"]!;
        created["conditions"]![0]!["conditionThreshold"]!["thresholdValue"] = 0.5;
        var (status, patched) = await emulator.SendAsync(HttpMethod.Patch, $"v3/{name}?updateMask=conditions,user_labels",
            new JsonObject { ["conditions"] = created["conditions"]!.DeepClone() });
        Assert.Equal(200, status);
        Assert.Equal(0.5, (double)patched["conditions"]![0]!["conditionThreshold"]!["thresholdValue"]!);
        Assert.Equal(conditionName, (string?)patched["conditions"]![0]!["name"]);
        Assert.Null(patched["userLabels"]);
        Assert.Equal("emu-data patch me", (string?)patched["displayName"]);
        Assert.Equal(created["creationRecord"]!.ToJsonString(), patched["creationRecord"]!.ToJsonString());

        var replacement = Policy("emu-data replaced");
        var (_, replaced) = await emulator.SendAsync(HttpMethod.Patch, $"v3/{name}", replacement);
        Assert.Equal("emu-data replaced", (string?)replaced["displayName"]);
        Assert.NotEqual(conditionName, (string?)replaced["conditions"]![0]!["name"]);
        Assert.Equal(400, (await emulator.SendAsync(HttpMethod.Patch, $"v3/{name}?updateMask=conditions", new JsonObject())).Status);
        Assert.Equal(200, (await emulator.SendAsync(HttpMethod.Delete, $"v3/{name}")).Status);
        Assert.Equal(404, (await emulator.SendAsync(HttpMethod.Get, $"v3/{name}")).Status);
    }

    [Fact]
    public async Task ChannelsValidateLabelsObscureSecretsAndGuardDeletion()
    {
        var (bad, error) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/notificationChannels",
            new JsonObject { ["type"] = "email", ["displayName"] = "ops", ["labels"] = new JsonObject { ["address"] = "ops@example.com" } });
        Assert.Equal(400, bad);
        var fields = error["error"]!["details"]![0]!["fieldViolations"]!.AsArray().Select(v => (string)v!["field"]!).ToList();
        Assert.Contains("labels.email_address", fields);
        Assert.Contains("labels.address", fields);

        var (_, slack) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/notificationChannels",
            new JsonObject { ["type"] = "slack", ["displayName"] = "alerts", ["labels"] = new JsonObject { ["channel_name"] = "#alerts", ["auth_token"] = "xoxb-secret" } });
        Assert.DoesNotContain("xoxb-secret", slack.ToJsonString(), StringComparison.Ordinal);
        var (_, email) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/notificationChannels",
            new JsonObject { ["type"] = "email", ["displayName"] = "ops", ["labels"] = new JsonObject { ["email_address"] = "ops@example.com" } });
        var channel = (string)email["name"]!;

        var policy = Policy("emu-data with channel");
        policy["notificationChannels"] = new JsonArray(channel);
        var (_, created) = await emulator.SendAsync(HttpMethod.Post, $"{Project}/alertPolicies", policy);
        policy["notificationChannels"] = new JsonArray($"projects/{DataApiEmulator.Project}/notificationChannels/404");
        Assert.Equal(400, (await emulator.SendAsync(HttpMethod.Post, $"{Project}/alertPolicies", policy)).Status);

        var (refused, _) = await emulator.SendAsync(HttpMethod.Delete, $"v3/{channel}");
        Assert.Equal(400, refused);
        Assert.Equal(200, (await emulator.SendAsync(HttpMethod.Delete, $"v3/{channel}?force=true")).Status);
        var (_, after) = await emulator.SendAsync(HttpMethod.Get, $"v3/{(string)created["name"]!}");
        Assert.Empty(after["notificationChannels"]!.AsArray());

        var (patched, renamed) = await emulator.SendAsync(HttpMethod.Patch, $"v3/{(string)slack["name"]!}?updateMask=display_name",
            new JsonObject { ["displayName"] = "alerts-renamed" });
        Assert.Equal(200, patched);
        Assert.Equal("alerts-renamed", (string?)renamed["displayName"]);
        Assert.Equal(2, renamed["mutationRecords"]!.AsArray().Count);
    }
}
