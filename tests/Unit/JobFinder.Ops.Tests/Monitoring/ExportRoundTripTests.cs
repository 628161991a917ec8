using System.Text.Json.Nodes;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Monitoring;
using JobFinder.Ops.Monitoring.Diff;
using JobFinder.Ops.Monitoring.Export;
using JobFinder.Ops.Monitoring.Specs;
using JobFinder.Ops.Project;
using JobFinder.Ops.Tests.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Monitoring;

public class ExportRoundTripTests
{
    private const string ChannelName = "projects/jobfinder-staging/notificationChannels/11";

    [Fact]
    public void ExportedPoliciesReadBackEqualToTheLiveOnes()
    {
        var live = LivePolicies();
        var channels = new[]
        {
            new NotificationChannel
            {
                Name = ChannelName, Type = "slack", DisplayName = "Ops Slack",
                Labels = new() { ["channel_name"] = "#ops", ["auth_token"] = "**************abcd" },
                UserLabels = new() { [MonitoringLabels.ManagedBy] = MonitoringLabels.ManagedByValue, [MonitoringLabels.ChannelKey] = "ops-slack" },
            },
        };
        var events = new CollectingEventSink();

        var text = MonitoringFileWriter.Write(new LiveMonitoring(live, channels, [], []), "jobfinder-staging", events).Text;
        var spec = MonitoringSpecReader.Read(SpecDocumentLoader.ParseYaml("export.yaml", text), SpecText.Gen2Project, NullEventSink.Instance);

        Assert.Equal(live.Select(p => p.DisplayName), spec.Policies.Select(p => p.DisplayName));
        var channel = Assert.Single(spec.Channels);
        Assert.Equal("ops-slack", channel.Key);
        Assert.Equal("JOBFINDER_OPS_SLACK_AUTH_TOKEN", channel.SecretLabels["auth_token"]);
        Assert.DoesNotContain("abcd", text);
        Assert.Contains(events.Events, e => e.Kind == EngineEventKind.Warning && e.Message.Contains("auth_token"));
        for (var i = 0; i < live.Count; i++)
        {
            var declared = (JsonObject)spec.Policies[i].Policy.DeepClone();
            declared["notificationChannels"] = new JsonArray(((JsonArray?)declared["notificationChannels"] ?? [])
                .Select(c => (JsonNode?)JsonValue.Create(c!.GetValue<string>() == "ops-slack" ? ChannelName : c.GetValue<string>())).ToArray());
            var before = AlertPolicyShape.ForCompare(AlertPolicyShape.ToJson(live[i]));
            var after = AlertPolicyShape.ForCompare(declared);
            Assert.True(JsonNode.DeepEquals(before, after), string.Join("\n", JsonDiff.Lines(before, after)));
        }
    }

    /// <summary>The example's policies as the API would return them: with names, records, condition ids,
    /// our label and the channel resource name.</summary>
    private static List<AlertPolicy> LivePolicies()
    {
        var project = ProjectLoader.Load(TempProject.ExamplePath(), "staging");
        var spec = MonitoringSpecReader.Read(SpecDocumentLoader.Load(project.Settings.Monitoring.AlertPolicyFile!), MonitoringTarget.From(project), NullEventSink.Instance);
        return spec.Policies.Select((p, i) =>
        {
            var json = (JsonObject)p.Policy.DeepClone();
            json["name"] = $"projects/jobfinder-staging/alertPolicies/{i + 1}";
            json["creationRecord"] = new JsonObject { ["mutateTime"] = "2026-01-01T00:00:00Z", ["mutatedBy"] = "someone@example.com" };
            json["notificationChannels"] = new JsonArray(JsonValue.Create(ChannelName));
            foreach (var condition in ((JsonArray)json["conditions"]!).OfType<JsonObject>())
            {
                condition["name"] = $"projects/jobfinder-staging/alertPolicies/{i + 1}/conditions/{i + 100}";
            }

            return AlertPolicyShape.FromJson(json);
        }).ToList();
    }
}
