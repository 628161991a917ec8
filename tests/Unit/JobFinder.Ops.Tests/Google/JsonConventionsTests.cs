using System.Text.Json;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Google.Run;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

public sealed class JsonConventionsTests
{
    [Theory]
    [InlineData("Gen2", "GEN_2")]
    [InlineData("AlignPercentile05", "ALIGN_PERCENTILE_05")]
    [InlineData("AllowInternalAndGclb", "ALLOW_INTERNAL_AND_GCLB")]
    [InlineData("ConditionSucceeded", "CONDITION_SUCCEEDED")]
    public void EnumMemberNamesBecomeGoogleNames(string member, string wire) =>
        Assert.Equal(wire, GoogleEnumConverter<FunctionState>.ToUpperSnake(member));

    [Fact]
    public void EnumsUseGoogleNamesAndUnknownOnesReadAsUnspecified()
    {
        var target = new TrafficTarget { Type = TrafficTargetAllocationType.Latest, Percent = 100 };
        Assert.Equal("""{"type":"TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST","percent":100}""", JsonSerializer.Serialize(target, GoogleJsonContext.Default.Options.GetTypeInfo(typeof(TrafficTarget))));

        var function = JsonSerializer.Deserialize("""{"state":"SOME_FUTURE_STATE","environment":"GEN_2"}""", GoogleJsonContext.Default.Function)!;
        Assert.Equal(FunctionState.StateUnspecified, function.State);
        Assert.Equal(FunctionEnvironment.Gen2, function.Environment);
    }

    [Fact]
    public void Int64AsStringsDurationsAndTimestamps()
    {
        var policy = new AlertPolicy
        {
            Conditions = [new AlertCondition { ConditionThreshold = new MetricThreshold { Duration = TimeSpan.FromSeconds(60), Aggregations = [new Aggregation { AlignmentPeriod = TimeSpan.FromMilliseconds(1500), PerSeriesAligner = Aligner.AlignPercentile99 }] } }],
            CreationRecord = new MutationRecord { MutateTime = new DateTimeOffset(2024, 4, 1, 14, 34, 56, 123, TimeSpan.FromHours(2)) },
        };
        var json = JsonSerializer.Serialize(policy, GoogleJsonContext.Default.AlertPolicy);
        Assert.Contains("\"duration\":\"60s\"", json);
        Assert.Contains("\"alignmentPeriod\":\"1.5s\"", json);
        Assert.Contains("\"perSeriesAligner\":\"ALIGN_PERCENTILE_99\"", json);
        Assert.Contains("\"mutateTime\":\"2024-04-01T12:34:56.123Z\"", json);
        Assert.DoesNotContain("null", json);

        var source = new StorageSource { Bucket = "b", Object = "o.zip", Generation = 1712345678901234 };
        Assert.Equal("""{"bucket":"b","object":"o.zip","generation":"1712345678901234"}""", JsonSerializer.Serialize(source, GoogleJsonContext.Default.StorageSource));
        Assert.Equal(42, JsonSerializer.Deserialize("""{"generation":"42"}""", GoogleJsonContext.Default.StorageSource)!.Generation);
    }

    [Fact]
    public void UnmodelledFieldsSurviveARoundTrip()
    {
        const string wire = """{"name":"projects/p/locations/l/functions/f","satisfiesPzs":true,"buildConfig":{"runtime":"nodejs22","automaticUpdatePolicy":{}},"serviceConfig":{"vpcConnector":"c","allTrafficOnLatestRevision":false}}""";

        var function = JsonSerializer.Deserialize(wire, GoogleJsonContext.Default.Function)!;
        var again = JsonSerializer.Serialize(function with { Description = "x" }, GoogleJsonContext.Default.Function);

        using var document = JsonDocument.Parse(again);
        Assert.True(document.RootElement.GetProperty("satisfiesPzs").GetBoolean());
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("buildConfig").GetProperty("automaticUpdatePolicy").ValueKind);
        Assert.Equal("c", document.RootElement.GetProperty("serviceConfig").GetProperty("vpcConnector").GetString());
        Assert.False(document.RootElement.GetProperty("serviceConfig").GetProperty("allTrafficOnLatestRevision").GetBoolean());
    }

    [Fact]
    public void ResourceNamesParseAndPrint()
    {
        Assert.Equal(new FunctionName("p", "l", "f"), FunctionName.Parse("projects/p/locations/l/functions/f"));
        Assert.Equal("projects/p/locations/l/services/s/revisions/s-00002-abc", RevisionName.Parse("projects/p/locations/l/services/s/revisions/s-00002-abc").ToString());
        var release = JobFinder.Ops.Google.Rules.ReleaseName.Parse("projects/p/releases/firebase.storage/my-bucket");
        Assert.Equal("firebase.storage/my-bucket", release.Release);
        Assert.Equal("(default)", JobFinder.Ops.Google.Firestore.DatabaseName.Parse("projects/p/databases/%28default%29").Database);
        var error = Assert.Throws<JobFinder.Ops.Errors.JobFinderException>(() => FunctionName.Parse("projects/p/functions/f"));
        Assert.Equal("GoogleResourceNameInvalid", error.ErrorId);
    }
}
