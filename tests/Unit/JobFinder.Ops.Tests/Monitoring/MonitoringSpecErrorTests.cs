using JobFinder.Ops.Errors;
using JobFinder.Ops.Monitoring;
using Xunit;

namespace JobFinder.Ops.Tests.Monitoring;

/// <summary>Every kind of bad input ends with its own ErrorId, the file, the line and the field path.</summary>
public class MonitoringSpecErrorTests
{
    public static TheoryData<string, string, string, long, string?> Cases() => new()
    {
        // name, file text, ErrorId, line, field
        { "yaml syntax", "alertPolicies:\n  - displayName: [unclosed\n", MonitoringErrorIds.FileMalformed, 3, null },
        { "neither format", "hello: world\n", MonitoringErrorIds.FileUnrecognized, 1, null },
        { "unknown section", "alertPolicies: []\nalertPolicys: []\n", MonitoringErrorIds.FieldUnknown, 2, "alertPolicys" },
        { "unknown policy field", Valid("    combiner: OR", "    combiner: OR\n    severty: ERROR"), MonitoringErrorIds.FieldUnknown, 8, "alertPolicies[0].severty" },
        { "bad enum", Valid("combiner: OR", "combiner: EITHER"), MonitoringErrorIds.FieldInvalid, 7, "alertPolicies[0].combiner" },
        { "wrong type", Valid("thresholdValue: 0.05", "thresholdValue: lots"), MonitoringErrorIds.FieldInvalid, 13, "alertPolicies[0].conditions[0].threshold.thresholdValue" },
        { "no display name", Valid("  - displayName: High Error Rate\n", "  - documentation: x\n"), MonitoringErrorIds.PolicyInvalid, 6, "alertPolicies[0].displayName" },
        { "two condition kinds", Valid("        threshold:", "        absent: { filter: x, duration: 120s }\n        threshold:"), MonitoringErrorIds.ConditionInvalid, 9, "alertPolicies[0].conditions[0]" },
        { "filter without resource type", Valid("resource.type = \"cloud_run_revision\" AND ", ""), MonitoringErrorIds.ConditionInvalid, 11, "alertPolicies[0].conditions[0].threshold.filter" },
        { "duration not whole minutes", Valid("duration: 300s", "duration: 90s"), MonitoringErrorIds.ConditionInvalid, 14, "alertPolicies[0].conditions[0].threshold.duration" },
        { "short alignment period", Valid("alignmentPeriod: 60s", "alignmentPeriod: 30s"), MonitoringErrorIds.ConditionInvalid, 16, "alertPolicies[0].conditions[0].threshold.aggregations[0].alignmentPeriod" },
        { "missing comparison", Valid("          comparison: COMPARISON_GT\n", ""), MonitoringErrorIds.ConditionInvalid, 11, "alertPolicies[0].conditions[0].threshold.comparison" },
        { "unknown channel", Valid("notificationChannels: [oncall]", "notificationChannels: [pager]"), MonitoringErrorIds.ChannelUnknown, 18, "alertPolicies[0].notificationChannels[0]" },
        { "inline secret", Valid("labels: { email_address: oncall@example.com }", "labels: { email_address: a@b.c, auth_token: abc }"), MonitoringErrorIds.ChannelInvalid, 4, "notificationChannels[0].labels" },
        { "duplicate name", SpecText.Valid + "\n" + SpecText.Valid[SpecText.Valid.IndexOf("  - displayName", StringComparison.Ordinal)..], MonitoringErrorIds.DuplicateName, 19, "alertPolicies[1].displayName" },
        { "bad slo goal", SpecText.Valid + "\nslos:\n  - { name: a, function: health, kind: availability, goal: 1.5 }\n", MonitoringErrorIds.SloInvalid, 20, "slos[0].goal" },
        { "dashboard unknown function", SpecText.Valid + "\ndashboard:\n  displayName: d\n  functions: [nope]\n", MonitoringErrorIds.DashboardInvalid, 21, "dashboard.functions[0]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInputNamesItsErrorFileLineAndField(string name, string text, string errorId, long line, string? field)
    {
        var ex = Assert.Throws<JobFinderConfigurationException>(() => SpecText.Read(text));

        Assert.True(errorId == ex.ErrorId, $"{name}: expected {errorId}, got {ex.ErrorId}: {ex.Message}");
        Assert.Equal("monitoring.yaml", ex.FilePath);
        Assert.True(line == ex.Line, $"{name}: expected line {line}, got {ex.Line}: {ex.Message}");
        Assert.True(field == ex.Field, $"{name}: expected field {field}, got {ex.Field}: {ex.Message}");
        Assert.StartsWith($"monitoring.yaml:{line}:", ex.Message);
    }

    [Theory]
    [InlineData("alertPolicies:\n  - displayName: [P\n    combiner: OR\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("alertPolicies:\n  - {displayName: x\n")]
    public void EveryYamlSyntaxErrorIsMalformed(string text)
    {
        var ex = Assert.Throws<JobFinderConfigurationException>(() => SpecText.Read(text));

        Assert.Equal(MonitoringErrorIds.FileMalformed, ex.ErrorId);
        Assert.Equal("monitoring.yaml", ex.FilePath);
    }

    [Fact]
    public void BadJsonNamesLineAndColumn()
    {
        var ex = Assert.Throws<JobFinderConfigurationException>(() => SpecText.Read("{\n  \"displayName\": \"x\",\n  \"conditions\": [ }\n", "policy.json"));

        Assert.Equal(MonitoringErrorIds.FileMalformed, ex.ErrorId);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void TooManyConditionsIsAPolicyError()
    {
        var condition = "  - { displayName: c, conditionMatchedLog: { filter: x } }\n";
        var yaml = "displayName: many\ncombiner: OR\nconditions:\n" + string.Concat(Enumerable.Repeat(condition, 7));

        var ex = Assert.Throws<JobFinderConfigurationException>(() => SpecText.Read(yaml));

        Assert.Equal(MonitoringErrorIds.PolicyInvalid, ex.ErrorId);
        Assert.Equal("conditions", ex.Field);
        Assert.Contains("at most 6", ex.Message);
    }

    [Fact]
    public void TwoConditionsNeedACombiner()
    {
        var yaml = "displayName: two\nconditions:\n  - { displayName: a, conditionMonitoringQueryLanguage: { query: q } }\n  - { displayName: b, conditionMonitoringQueryLanguage: { query: q } }\n";

        var ex = Assert.Throws<JobFinderConfigurationException>(() => SpecText.Read(yaml));

        Assert.Equal(MonitoringErrorIds.PolicyInvalid, ex.ErrorId);
        Assert.Equal("combiner", ex.Field);
    }

    [Fact]
    public void UnknownFieldsSuggestTheNearestName()
    {
        var ex = Assert.Throws<JobFinderConfigurationException>(() => SpecText.Read(Valid("thresholdValue: 0.05", "threshholdValue: 0.05")));

        Assert.Equal(MonitoringErrorIds.FieldUnknown, ex.ErrorId);
        Assert.Contains("did you mean 'thresholdValue'", ex.Message);
        Assert.Contains("High Error Rate", ex.Message);
    }

    private static string Valid(string find, string replace)
    {
        Assert.Contains(find, SpecText.Valid);
        return SpecText.Valid.Replace(find, replace);
    }
}
