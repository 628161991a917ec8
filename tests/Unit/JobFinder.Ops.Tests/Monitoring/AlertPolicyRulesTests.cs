using System.Text.Json.Nodes;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Monitoring;
using JobFinder.Ops.Monitoring.Specs;
using Xunit;

namespace JobFinder.Ops.Tests.Monitoring;

/// <summary>The local check and Google's (the emulator's) agree: every fixture of every condition kind,
/// shaped like Google's published samples, loads locally and is accepted and stored by the emulator; every
/// rule the emulator refuses a policy for, the local check refuses before any call, and nothing the
/// emulator accepts is refused locally (issue 19).</summary>
public sealed class AlertPolicyRulesTests(MonitoringEmulatorFixture fixture) : IClassFixture<MonitoringEmulatorFixture>
{
    private const string Filter = "resource.type = \"cloud_run_revision\" AND metric.type = \"run.googleapis.com/request_count\"";

    public static TheoryData<string, int> Fixtures => new()
    {
        { "threshold.json", 1 }, { "absent.json", 1 }, { "matched-log.json", 1 }, { "mql.json", 1 },
        { "promql.json", 1 }, { "sql.yaml", 1 }, { "list.yaml", 2 },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task EveryConditionKindLoadsLocallyAndIsStoredByTheEmulator(string file, int policies)
    {
        var spec = MonitoringSpecReader.Read(SpecDocumentLoader.Load(MonitoringEmulatorFixture.FixturePath(file)), SpecText.Gen2Project, NullEventSink.Instance);

        Assert.Equal(policies, spec.Policies.Count);
        foreach (var policy in spec.Policies)
        {
            var (status, stored) = await fixture.CreatePolicyAsync(policy.Policy);
            Assert.True(status == 200, $"{file}: {stored.ToJsonString()}");
            var sent = (JsonObject)policy.Policy["conditions"]![0]!;
            var kind = AlertPolicySchema.ConditionKinds.Single(sent.ContainsKey);
            Assert.True(JsonNode.DeepEquals(sent[kind], stored["conditions"]![0]![kind]), $"{file}: stored {stored["conditions"]![0]![kind]?.ToJsonString()}");
            Assert.Equal(policy.Policy["severity"]?.GetValue<string>(), stored["severity"]?.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("threshold.json")]
    [InlineData("absent.json")]
    [InlineData("matched-log.json")]
    [InlineData("mql.json")]
    [InlineData("promql.json")]
    public async Task TheFileAsGcloudSendsItIsAcceptedByTheEmulator(string file)
    {
        var raw = (JsonObject)JsonNode.Parse(File.ReadAllText(MonitoringEmulatorFixture.FixturePath(file)))!;

        var (status, answer) = await fixture.CreatePolicyAsync(raw);

        Assert.True(status == 200, answer.ToJsonString());
        Assert.Empty(answer["notificationChannels"]?.AsArray() ?? []);
    }

    public static TheoryData<string, bool> Variants => new()
    {
        // name, whether Google accepts it
        { "valid", true },
        { "no policy displayName", false },
        { "policy displayName of 513 characters", false },
        { "condition without displayName", false },
        { "seven conditions", false },
        { "two conditions without combiner", false },
        { "COMPARISON_GE", false },
        { "no comparison", false },
        { "duration 90s", false },
        { "no duration", false },
        { "no thresholdValue", true },
        { "filter without resource.type", false },
        { "filter of 2049 characters", false },
        { "denominatorFilter without resource.type", true },
        { "denominator alignment period differs", false },
        { "alignmentPeriod 30s", false },
        { "alignmentPeriod 90060s", false },
        { "aligner without alignmentPeriod", false },
        { "reducer without aligner", false },
        { "groupByFields without reducer", true },
        { "trigger count and percent", false },
        { "trigger percent 150", false },
        { "forecastHorizon 30m", false },
        { "evaluationMissingData with 0s", false },
        { "absent for 60s", false },
        { "absent for 180s", true },
        { "MQL with a second condition", false },
        { "log match with a second condition", false },
        { "log match without notificationRateLimit", false },
        { "PromQL duration 90s", true },
        { "PromQL evaluationInterval 45s", false },
        { "PromQL alertRule not a label name", false },
        { "SQL every 2 minutes", false },
        { "SQL hourly with minuteOffset 60", false },
        { "documentation text/plain", false },
        { "four documentation links", false },
        { "link without displayName", false },
        { "userLabels key Team", false },
        { "userLabels value starting with a digit", true },
        { "renotifyInterval 60s", false },
        { "severity SEVERITY_UNSPECIFIED", true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task TheLocalCheckRefusesExactlyWhatTheApiRefuses(string variant, bool googleAccepts)
    {
        var policy = Variant(variant);

        var (status, answer) = await fixture.CreatePolicyAsync((JsonObject)policy.DeepClone());
        var local = LocalError(policy);

        Assert.True(googleAccepts == (status == 200), $"emulator answered {status} for '{variant}': {answer.ToJsonString()}");
        Assert.True(googleAccepts == (local is null), $"local check for '{variant}': {local?.Message ?? "accepted"}");
        if (local is not null)
        {
            Assert.Equal("policy.json", Path.GetFileName(local.FilePath));
            Assert.NotNull(local.Line);
        }
    }

    private static JobFinderConfigurationException? LocalError(JsonObject policy)
    {
        try
        {
            SpecText.Read(policy.ToJsonString(), "policy.json");
            return null;
        }
        catch (JobFinderConfigurationException ex)
        {
            return ex;
        }
    }

    private static JsonObject Threshold(string name = "5xx") => new()
    {
        ["displayName"] = name,
        ["conditionThreshold"] = new JsonObject
        {
            ["filter"] = Filter + " AND metric.labels.response_code_class = \"5xx\"",
            ["comparison"] = "COMPARISON_GT",
            ["thresholdValue"] = 0.05,
            ["duration"] = "300s",
            ["aggregations"] = new JsonArray(new JsonObject { ["alignmentPeriod"] = "60s", ["perSeriesAligner"] = "ALIGN_RATE", ["crossSeriesReducer"] = "REDUCE_SUM" }),
            ["denominatorFilter"] = Filter,
            ["denominatorAggregations"] = new JsonArray(new JsonObject { ["alignmentPeriod"] = "60s", ["perSeriesAligner"] = "ALIGN_RATE", ["crossSeriesReducer"] = "REDUCE_SUM" }),
        },
    };

    private static JsonObject Policy(params JsonObject[] conditions) => new()
    {
        ["displayName"] = "Rule check",
        ["userLabels"] = new JsonObject(),
        ["conditions"] = new JsonArray(conditions.Select(c => (JsonNode?)c).ToArray()),
        ["combiner"] = "OR",
        ["enabled"] = true,
        ["notificationChannels"] = new JsonArray(),
    };

    private static JsonObject Other(string kind, JsonObject body) => new() { ["displayName"] = kind, [kind] = body };

    private static JsonObject LogMatch() => Other("conditionMatchedLog", new JsonObject { ["filter"] = "severity >= ERROR" });

    private static JsonObject Variant(string variant)
    {
        var policy = Policy(Threshold());
        var condition = (JsonObject)policy["conditions"]![0]!;
        var threshold = (JsonObject)condition["conditionThreshold"]!;
        var aggregation = (JsonObject)threshold["aggregations"]![0]!;
        switch (variant)
        {
            case "valid": break;
            case "no policy displayName": policy.Remove("displayName"); break;
            case "policy displayName of 513 characters": policy["displayName"] = new string('p', 513); break;
            case "condition without displayName": condition.Remove("displayName"); break;
            case "seven conditions": policy["conditions"] = new JsonArray(Enumerable.Range(0, 7).Select(i => (JsonNode?)Threshold($"c{i}")).ToArray()); break;
            case "two conditions without combiner": policy.Remove("combiner"); ((JsonArray)policy["conditions"]!).Add(Threshold("second")); break;
            case "COMPARISON_GE": threshold["comparison"] = "COMPARISON_GE"; break;
            case "no comparison": threshold.Remove("comparison"); break;
            case "duration 90s": threshold["duration"] = "90s"; break;
            case "no duration": threshold.Remove("duration"); break;
            case "no thresholdValue": threshold.Remove("thresholdValue"); break;
            case "filter without resource.type": threshold["filter"] = "metric.type = \"run.googleapis.com/request_count\""; break;
            case "filter of 2049 characters": threshold["filter"] = Filter + " AND " + new string(' ', 2049 - Filter.Length - 5); break;
            case "denominatorFilter without resource.type": threshold["denominatorFilter"] = "metric.type = \"run.googleapis.com/request_count\""; break;
            case "denominator alignment period differs": threshold["denominatorAggregations"]![0]!["alignmentPeriod"] = "120s"; break;
            case "alignmentPeriod 30s": aggregation["alignmentPeriod"] = "30s"; break;
            case "alignmentPeriod 90060s": aggregation["alignmentPeriod"] = "90060s"; threshold["denominatorAggregations"]![0]!["alignmentPeriod"] = "90060s"; break;
            case "aligner without alignmentPeriod": aggregation.Remove("alignmentPeriod"); break;
            case "reducer without aligner": aggregation.Remove("perSeriesAligner"); break;
            case "groupByFields without reducer": aggregation.Remove("crossSeriesReducer"); aggregation["groupByFields"] = new JsonArray("resource.label.service_name"); break;
            case "trigger count and percent": threshold["trigger"] = new JsonObject { ["count"] = 1, ["percent"] = 50 }; break;
            case "trigger percent 150": threshold["trigger"] = new JsonObject { ["percent"] = 150 }; break;
            case "forecastHorizon 30m": threshold["forecastOptions"] = new JsonObject { ["forecastHorizon"] = "1800s" }; break;
            case "evaluationMissingData with 0s": threshold["duration"] = "0s"; threshold["evaluationMissingData"] = "EVALUATION_MISSING_DATA_ACTIVE"; break;
            case "absent for 60s" or "absent for 180s":
                policy["conditions"] = new JsonArray(Other("conditionAbsent", new JsonObject { ["filter"] = Filter, ["duration"] = variant == "absent for 60s" ? "60s" : "180s" }));
                break;
            case "MQL with a second condition":
                ((JsonArray)policy["conditions"]!).Add(Other("conditionMonitoringQueryLanguage", new JsonObject { ["query"] = "fetch cloud_run_revision | metric 'run.googleapis.com/request_count' | condition val() > 1", ["duration"] = "60s" }));
                break;
            case "log match with a second condition":
                policy["alertStrategy"] = new JsonObject { ["notificationRateLimit"] = new JsonObject { ["period"] = "300s" } };
                ((JsonArray)policy["conditions"]!).Add(LogMatch());
                break;
            case "log match without notificationRateLimit": policy["conditions"] = new JsonArray(LogMatch()); break;
            case "PromQL duration 90s" or "PromQL evaluationInterval 45s" or "PromQL alertRule not a label name":
                var promql = new JsonObject { ["query"] = "sum(rate(run_googleapis_com:request_count[5m])) > 1", ["duration"] = "90s", ["evaluationInterval"] = "60s", ["alertRule"] = "TooManyRequests" };
                if (variant.EndsWith("45s", StringComparison.Ordinal)) { promql["evaluationInterval"] = "45s"; }
                if (variant.EndsWith("label name", StringComparison.Ordinal)) { promql["alertRule"] = "too-many"; }
                policy["conditions"] = new JsonArray(Other("conditionPrometheusQueryLanguage", promql));
                break;
            case "SQL every 2 minutes":
                policy["conditions"] = new JsonArray(Other("conditionSql", new JsonObject { ["query"] = "SELECT 1", ["minutes"] = new JsonObject { ["periodicity"] = 2 }, ["booleanTest"] = new JsonObject { ["column"] = "bad" } }));
                break;
            case "SQL hourly with minuteOffset 60":
                policy["conditions"] = new JsonArray(Other("conditionSql", new JsonObject { ["query"] = "SELECT 1", ["hourly"] = new JsonObject { ["periodicity"] = 1, ["minuteOffset"] = 60 }, ["booleanTest"] = new JsonObject { ["column"] = "bad" } }));
                break;
            case "documentation text/plain": policy["documentation"] = new JsonObject { ["content"] = "x", ["mimeType"] = "text/plain" }; break;
            case "four documentation links":
                policy["documentation"] = new JsonObject { ["content"] = "x", ["mimeType"] = "text/markdown", ["links"] = new JsonArray(Enumerable.Range(0, 4).Select(i => (JsonNode?)new JsonObject { ["displayName"] = $"l{i}", ["url"] = "https://example.com" }).ToArray()) };
                break;
            case "link without displayName":
                policy["documentation"] = new JsonObject { ["content"] = "x", ["mimeType"] = "text/markdown", ["links"] = new JsonArray(new JsonObject { ["url"] = "https://example.com" }) };
                break;
            case "userLabels key Team": policy["userLabels"] = new JsonObject { ["Team"] = "ops" }; break;
            case "userLabels value starting with a digit": policy["userLabels"] = new JsonObject { ["tier"] = "1st" }; break;
            case "renotifyInterval 60s":
                policy["alertStrategy"] = new JsonObject { ["notificationChannelStrategy"] = new JsonArray(new JsonObject { ["renotifyInterval"] = "60s" }) };
                break;
            case "severity SEVERITY_UNSPECIFIED": policy["severity"] = "SEVERITY_UNSPECIFIED"; break;
            default: throw new ArgumentException(variant);
        }

        return policy;
    }
}
