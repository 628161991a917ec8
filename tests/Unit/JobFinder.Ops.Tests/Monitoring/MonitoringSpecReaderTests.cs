using System.Text.Json.Nodes;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Monitoring;
using JobFinder.Ops.Monitoring.Specs;
using JobFinder.Ops.Project;
using JobFinder.Ops.Tests.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Monitoring;

public class MonitoringSpecReaderTests
{
    [Fact]
    public void TheExampleFileReadsAsTheFourGen2PoliciesWithoutWarnings()
    {
        var project = ProjectLoader.Load(TempProject.ExamplePath(), "staging");
        var events = new CollectingEventSink();

        var spec = MonitoringSpecReader.Read(SpecDocumentLoader.Load(project.Settings.Monitoring.AlertPolicyFile!), MonitoringTarget.From(project), events);

        Assert.Equal(["High Error Rate", "Function Timeout", "Memory Exceeded", "Error Budget Burn Rate (fast)"], spec.Policies.Take(4).Select(p => p.DisplayName));
        Assert.DoesNotContain(events.Events, e => e.Kind == EngineEventKind.Warning);
        var errorRate = spec.Policies[0].Policy;
        var threshold = errorRate["conditions"]![0]!["conditionThreshold"]!;
        Assert.Equal("COMPARISON_GT", threshold["comparison"]!.GetValue<string>());
        Assert.Equal(0.05, threshold["thresholdValue"]!.GetValue<double>());
        Assert.Equal("300s", threshold["duration"]!.GetValue<string>());
        Assert.Equal("60s", threshold["aggregations"]![0]!["alignmentPeriod"]!.GetValue<string>());
        Assert.Contains("run.googleapis.com/request_count", threshold["denominatorFilter"]!.GetValue<string>());
        Assert.Equal("text/markdown", errorRate["documentation"]!["mimeType"]!.GetValue<string>());
        Assert.Equal(MonitoringLabels.ManagedByValue, errorRate["userLabels"]![MonitoringLabels.ManagedBy]!.GetValue<string>());
        Assert.Contains(spec.Channels, c => c.Key == "oncall-email" && c.Type == "email");
        Assert.Equal(4, spec.Slos.Count);
        Assert.Contains(spec.Slos, s => s.Kind == SloKind.Latency && s.ThresholdMs == 5000 && s.Goal == 0.95);
        Assert.Equal(7, spec.Dashboard!.Functions.Count);
    }

    [Fact]
    public void ShorthandAcceptsComparisonSymbolsAndFriendlyDurations()
    {
        var spec = SpecText.Read(SpecText.Valid.Replace("COMPARISON_GT", "'<'").Replace("duration: 300s", "duration: 5m"));

        var threshold = spec.Policies[0].Policy["conditions"]![0]!["conditionThreshold"]!;
        Assert.Equal("COMPARISON_LT", threshold["comparison"]!.GetValue<string>());
        Assert.Equal("300s", threshold["duration"]!.GetValue<string>());
    }

    [Fact]
    public void AComparisonTheApiDoesNotSupportIsRefusedWithTheFix()
    {
        // MetricThreshold.comparison: "Only COMPARISON_LT and COMPARISON_GT are supported currently".
        var error = Assert.Throws<JobFinderConfigurationException>(() => SpecText.Read(SpecText.Valid.Replace("COMPARISON_GT", "'>='")));

        Assert.Equal(MonitoringErrorIds.ConditionInvalid, error.ErrorId);
        Assert.Contains("write COMPARISON_GT with a slightly lower thresholdValue", error.Message);
    }

    [Fact]
    public void AGcloudPolicyWithNotificationChannelsIsAPolicyNotOurFormat()
    {
        // Issue 19: Google's samples carry notificationChannels, which our format also has; the file was
        // refused with "'displayName' is not a section".
        const string json = """
            {
              "displayName": "Sample (${SERVICE})",
              "userLabels": {},
              "conditions": [{ "displayName": "c", "conditionMatchedLog": { "filter": "severity >= ERROR" } }],
              "alertStrategy": { "notificationRateLimit": { "period": "300s" } },
              "combiner": "OR",
              "enabled": true,
              "notificationChannels": ["projects/jobfinder-staging/notificationChannels/42"]
            }
            """;

        var spec = SpecText.Read(json, "policy.json");

        var policy = Assert.Single(spec.Policies);
        Assert.Equal("Sample (${SERVICE})", policy.DisplayName);
        Assert.Equal("projects/jobfinder-staging/notificationChannels/42", policy.Policy["notificationChannels"]![0]!.GetValue<string>());
        Assert.Empty(spec.Channels);
    }

    [Fact]
    public void ThePlansOwnFileIsRefusedLocallyWithTheFix()
    {
        var path = MonitoringEmulatorFixture.FixturePath("plan-monitoring-config.yaml");

        var error = Assert.Throws<JobFinderConfigurationException>(() =>
            MonitoringSpecReader.Read(SpecDocumentLoader.Load(path), SpecText.Gen2Project, NullEventSink.Instance));

        Assert.Equal(MonitoringErrorIds.ConditionInvalid, error.ErrorId);
        Assert.Equal(path, error.FilePath);
        Assert.Equal(5, error.Line);
        Assert.Equal("alertPolicies[0].conditions[0].displayName", error.Field);
        Assert.Contains("Add 'displayName: High Error Rate' to the condition", error.Message);
    }

    [Fact]
    public void AGcloudPolicyFileWithServerFieldsAndSnakeCaseReadsAsOnePolicy()
    {
        const string json = """
            {
              "name": "projects/p/alertPolicies/123",
              "displayName": "Absent health",
              "creationRecord": { "mutateTime": "2024-01-01T00:00:00Z", "mutatedBy": "someone" },
              "combiner": "OR",
              "conditions": [{
                "name": "projects/p/alertPolicies/123/conditions/9",
                "display_name": "no requests",
                "conditionAbsent": {
                  "filter": "resource.type = \"cloud_run_revision\" AND metric.type = \"run.googleapis.com/request_count\"",
                  "duration": "600s",
                  "trigger": { "count": 1 }
                }
              }],
              "enabled": false
            }
            """;

        var spec = SpecText.Read(json, "policy.json");

        var policy = Assert.Single(spec.Policies).Policy;
        Assert.Null(policy["name"]);
        Assert.Null(policy["creationRecord"]);
        Assert.Null(policy["conditions"]![0]!["name"]);
        Assert.Equal("no requests", policy["conditions"]![0]!["displayName"]!.GetValue<string>());
        Assert.False(policy["enabled"]!.GetValue<bool>());
        Assert.Equal(1, policy["conditions"]![0]!["conditionAbsent"]!["trigger"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public void EveryConditionKindOfTheApiReads()
    {
        const string yaml = """
            - displayName: mql
              conditions:
                - displayName: q
                  conditionMonitoringQueryLanguage: { query: "fetch cloud_run_revision | metric 'run.googleapis.com/request_count' | condition val() > 1", duration: 120s }
            - displayName: promql
              conditions:
                - displayName: q
                  conditionPrometheusQueryLanguage: { query: "sum(rate(x[5m])) > 1", evaluationInterval: 60s, labels: { team: ops } }
            - displayName: log
              alertStrategy: { notificationRateLimit: { period: 300s } }
              conditions:
                - displayName: q
                  conditionMatchedLog: { filter: "severity>=ERROR", labelExtractors: { fn: "EXTRACT(resource.labels.service_name)" } }
            - displayName: sql
              conditions:
                - displayName: q
                  conditionSql: { query: "SELECT 1", minutes: { periodicity: 5 }, rowCountTest: { comparison: COMPARISON_GT, threshold: "0" } }
            """;

        var spec = SpecText.Read(yaml);

        Assert.Equal(["mql", "promql", "log", "sql"], spec.Policies.Select(p => p.DisplayName));
        Assert.Equal("0", spec.Policies[3].Policy["conditions"]![0]!["conditionSql"]!["rowCountTest"]!["threshold"]!.GetValue<string>());
    }

    [Fact]
    public void SeveralYamlDocumentsAreAListOfPolicies()
    {
        const string yaml = """
            displayName: one
            conditions: [{ displayName: a, conditionMatchedLog: { filter: x } }]
            alertStrategy: { notificationRateLimit: { period: 300s } }
            ---
            displayName: two
            conditions: [{ displayName: a, conditionMatchedLog: { filter: x } }]
            alertStrategy: { notificationRateLimit: { period: 300s } }
            """;

        Assert.Equal(["one", "two"], SpecText.Read(yaml).Policies.Select(p => p.DisplayName));
    }

    [Fact]
    public void Gen1MetricsInAGen2ProjectWarnWithTheCloudRunEquivalent()
    {
        var events = new CollectingEventSink();
        var yaml = SpecText.Valid.Replace("resource.type = \"cloud_run_revision\" AND metric.type = \"run.googleapis.com/request_count\"",
            "resource.type = \"cloud_function\" AND metric.type = \"cloudfunctions.googleapis.com/function/execution_count\" AND metric.labels.status != \"ok\"");

        SpecText.Read(yaml, events: events);

        var warning = Assert.Single(events.Events, e => e.Kind == EngineEventKind.Warning);
        Assert.Contains("run.googleapis.com/request_count", warning.Message);
        Assert.Contains("response_code_class", warning.Message);
        Assert.Contains("High Error Rate", warning.Message);
    }

    [Fact]
    public void Gen1MetricsDoNotWarnWhenTheProjectHasNoGen2Function()
    {
        var events = new CollectingEventSink();
        var yaml = SpecText.Valid.Replace("run.googleapis.com/request_count", "cloudfunctions.googleapis.com/function/execution_count");

        SpecText.Read(yaml, target: new MonitoringTarget("p", "us-central1", [new MonitoredFunction("old", "us-central1", false)]), events: events);

        Assert.DoesNotContain(events.Events, e => e.Kind == EngineEventKind.Warning);
    }

    [Fact]
    public void ChannelsSlosAndTheDashboardRead()
    {
        var yaml = SpecText.Valid + """

            slos:
              - name: submitjob-availability
                function: submitJob
                kind: availability
                goal: 0.99
              - name: submitjob-latency
                function: submitJob
                kind: latency
                goal: 0.95
                thresholdMs: 5000
                calendarPeriod: WEEK
            dashboard:
              displayName: JobFinder functions
            """;

        var spec = SpecText.Read(yaml);

        Assert.Equal(2, spec.Slos.Count);
        Assert.Equal("submitjob", spec.Slos[0].ServiceName);
        Assert.Equal(TimeSpan.FromDays(30), spec.Slos[0].RollingPeriod);
        Assert.Equal("WEEK", spec.Slos[1].CalendarPeriod);
        Assert.Equal(["health", "submitJob"], spec.Dashboard!.Functions.Select(f => f.Function));
    }

    [Fact]
    public void SecretChannelLabelsNameEnvironmentVariables()
    {
        var yaml = SpecText.Valid.Replace("notificationChannels:\n", """
            notificationChannels:
              - name: slack
                type: slack
                labels: { channel_name: "#alerts" }
                secretLabels: { auth_token: SLACK_TOKEN }

            """.ReplaceLineEndings("\n"));

        var slack = SpecText.Read(yaml).Channels.Single(c => c.Key == "slack");

        Assert.Equal("SLACK_TOKEN", slack.SecretLabels["auth_token"]);
        Assert.DoesNotContain("auth_token", slack.Labels.Keys);
    }

    [Fact]
    public void PolicyRecordsKeepTheirFieldsInJsonForm()
    {
        var policy = SpecText.Read(SpecText.Valid).Policies[0].Policy;

        Assert.IsType<JsonArray>(policy["notificationChannels"]);
        Assert.Equal("oncall", policy["notificationChannels"]![0]!.GetValue<string>());
    }
}
