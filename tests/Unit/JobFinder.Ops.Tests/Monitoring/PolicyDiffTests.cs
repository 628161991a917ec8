using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Monitoring.Diff;
using Xunit;

namespace JobFinder.Ops.Tests.Monitoring;

public class PolicyDiffTests
{
    private static JsonObject Declared() => SpecText.Read(SpecText.Valid).Policies[0].Policy;

    /// <summary>What the API sends back for <see cref="Declared"/>: names, records, condition names,
    /// <c>enabled</c>, a default trigger, durations with fractions and a resolved channel name.</summary>
    private static JsonObject AsReturnedByTheApi()
    {
        var live = Declared();
        live["name"] = "projects/p/alertPolicies/1";
        live["creationRecord"] = new JsonObject { ["mutateTime"] = "2024-01-01T00:00:00Z" };
        live["mutationRecord"] = new JsonObject { ["mutateTime"] = "2024-01-02T00:00:00Z" };
        live["enabled"] = true;
        var condition = (JsonObject)live["conditions"]![0]!;
        condition["name"] = "projects/p/alertPolicies/1/conditions/7";
        var threshold = (JsonObject)condition["conditionThreshold"]!;
        threshold["trigger"] = new JsonObject { ["count"] = 1 };
        threshold["duration"] = "300.000s";
        threshold["evaluationMissingData"] = "EVALUATION_MISSING_DATA_UNSPECIFIED";
        return live;
    }

    [Fact]
    public void ServerAssignedFieldsAndDefaultsCompareEqual()
    {
        var live = AlertPolicyShape.ForCompare(AsReturnedByTheApi());
        var declared = AlertPolicyShape.ForCompare(Declared());

        Assert.Empty(JsonDiff.ChangedFields(live, declared, AlertPolicyShape.Fields));
        Assert.Empty(JsonDiff.Lines(live, declared));
    }

    [Fact]
    public void AnEditedThresholdChangesOnlyTheConditions()
    {
        var live = AlertPolicyShape.ForCompare(AsReturnedByTheApi());
        var edited = Declared();
        edited["conditions"]![0]!["conditionThreshold"]!["thresholdValue"] = 0.1;
        var declared = AlertPolicyShape.ForCompare(edited);

        Assert.Equal(["conditions"], JsonDiff.ChangedFields(live, declared, AlertPolicyShape.Fields));
        Assert.Equal(["~ conditions[0].conditionThreshold.thresholdValue: 0.05 -> 0.1"], JsonDiff.Lines(live, declared));
    }

    [Fact]
    public void SeveralChangedFieldsAllGoInTheMaskInApiOrder()
    {
        var live = AlertPolicyShape.ForCompare(AsReturnedByTheApi());
        var edited = Declared();
        edited["enabled"] = false;
        edited["displayName"] = "Renamed";
        edited["severity"] = "ERROR";

        var mask = JsonDiff.ChangedFields(live, AlertPolicyShape.ForCompare(edited), AlertPolicyShape.Fields);

        Assert.Equal(["displayName", "enabled", "severity"], mask);
    }

    [Fact]
    public void AddedAndRemovedFieldsShowAsPlusAndMinus()
    {
        var before = JsonNode.Parse("""{"a": 1, "b": {"c": "x"}}""")!.AsObject();
        var after = JsonNode.Parse("""{"a": 1, "d": [true]}""")!.AsObject();

        Assert.Equal(["- b.c: \"x\"", "+ d[0]: true"], JsonDiff.Lines(before, after));
    }

    [Fact]
    public void ANewPolicyIsShownLeafByLeaf()
    {
        var lines = JsonDiff.Lines(null, AlertPolicyShape.ForCompare(Declared()));

        Assert.Contains("+ conditions[0].conditionThreshold.thresholdValue: 0.05", lines);
        Assert.Contains("+ displayName: \"High Error Rate\"", lines);
        Assert.All(lines, l => Assert.StartsWith("+ ", l));
    }

    [Fact]
    public void TheTypedModelRoundTripKeepsEveryConditionKind()
    {
        var json = SpecText.Read("""
            displayName: mql
            conditions:
              - displayName: q
                conditionMonitoringQueryLanguage: { query: "fetch x", duration: 120s }
            """).Policies[0].Policy;

        AlertPolicy typed = AlertPolicyShape.FromJson(json);
        var back = AlertPolicyShape.ToJson(typed);

        Assert.True(JsonNode.DeepEquals(AlertPolicyShape.ForCompare(json), AlertPolicyShape.ForCompare(back)));
    }
}
