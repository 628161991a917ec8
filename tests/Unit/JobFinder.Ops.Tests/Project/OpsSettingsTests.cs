using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

public class OpsSettingsTests
{
    private static OpsSettings Load(string json, string environment = "production")
    {
        using var repo = new TempProject().Write("jobfinder.ops.json", json);
        return ProjectLoader.Load(repo.Root, environment).Settings;
    }

    private static JobFinderConfigurationException Fails(string json, string environment = "production")
    {
        using var repo = new TempProject().Write("jobfinder.ops.json", json);
        var error = Assert.ThrowsAny<JobFinderException>(() => ProjectLoader.Load(repo.Root, environment));
        var configuration = Assert.IsType<JobFinderConfigurationException>(error);
        Assert.Equal(repo.PathOf("jobfinder.ops.json"), configuration.FilePath);
        return configuration;
    }

    [Fact]
    public void DefaultsApplyWithoutTheFile()
    {
        using var repo = new TempProject();
        var project = ProjectLoader.Load(repo.Root, "production");
        var settings = project.Settings;

        Assert.Null(project.OpsSettingsPath);
        Assert.Equal("us-central1", settings.Region);
        Assert.Equal("gs://jobfinder-prod-backups", settings.Backup.Bucket);
        Assert.Equal(TimeSpan.FromHours(24), settings.Backup.MaxAge);
        Assert.Equal(RolloutStrategy.Canary10Percent5Minutes, settings.Rollout.Strategy);
        Assert.Equal(8, settings.Rollout.ThrottleLimit);
        Assert.Equal(0.10, settings.Analysis.MaxErrorRate);
        Assert.Equal(0.20, settings.Analysis.MaxTimeoutRate);
        Assert.Equal(5000, settings.Analysis.MaxP95Ms);
        Assert.Equal(InconclusivePolicy.ExtendBake, settings.Analysis.InconclusivePolicy);
        Assert.Equal(5000, settings.Smoke.P95SlaMs);
        Assert.Empty(settings.Smoke.Checks);
        Assert.Null(settings.Monitoring.AlertPolicyFile);
    }

    [Theory]
    [InlineData("AllAtOnce", new[] { 100 }, 0)]
    [InlineData("Canary10Percent5Minutes", new[] { 10, 100 }, 300)]
    [InlineData("Linear10PercentEvery1Minute", new[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }, 60)]
    public void PresetsResolveToStepsAndBake(string strategy, int[] steps, int bakeSeconds)
    {
        var rollout = Load($$"""{ "rollout": { "strategy": "{{strategy}}" } }""").Rollout;

        Assert.Equal(steps, rollout.TrafficSteps);
        Assert.Equal(TimeSpan.FromSeconds(bakeSeconds), rollout.BakeTime);
    }

    [Fact]
    public void CustomStepsAndEnvironmentOverridesMerge()
    {
        var settings = Load("""
            {
              "region": "europe-west1",
              "rollout": { "trafficSteps": [5, 25, 100], "bakeTime": "00:02:00", "throttleLimit": 4 },
              "analysis": { "maxErrorRate": 0.02, "inconclusivePolicy": "Fail" },
              "environments": {
                "production": { "rollout": { "lockStaleAfter": "1h" }, "analysis": { "minRequests": 50 }, "region": "us-east1" },
                "jobfinder-prod": { "analysis": { "maxP95Ms": 2500 } }
              }
            }
            """);

        Assert.Equal(RolloutStrategy.Custom, settings.Rollout.Strategy);
        Assert.Equal([5, 25, 100], settings.Rollout.TrafficSteps);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.Rollout.BakeTime);
        Assert.Equal(4, settings.Rollout.ThrottleLimit);
        Assert.Equal(TimeSpan.FromHours(1), settings.Rollout.LockStaleAfter);
        Assert.Equal(0.02, settings.Analysis.MaxErrorRate);
        Assert.Equal(50, settings.Analysis.MinRequests);
        Assert.Equal(2500, settings.Analysis.MaxP95Ms);
        Assert.Equal(InconclusivePolicy.Fail, settings.Analysis.InconclusivePolicy);
        Assert.Equal("us-east1", settings.Region);
    }

    [Fact]
    public void OtherEnvironmentsDoNotLeakIn()
    {
        var settings = Load("""{ "environments": { "staging": { "backup": { "bucket": "gs://elsewhere" } } } }""");

        Assert.Equal("gs://jobfinder-prod-backups", settings.Backup.Bucket);
    }

    [Fact]
    public void UnknownPropertyNamesFileLineColumnAndField()
    {
        var error = Fails("{\n  \"analysis\": {\n    \"maxErrorRte\": 0.1\n  }\n}");

        Assert.Equal("OpsSettingsUnknownProperty", error.ErrorId);
        Assert.Equal("analysis.maxErrorRte", error.Field);
        Assert.Equal(3, error.Line);
        Assert.Equal(5, error.Column);
    }

    [Fact]
    public void MisspeltEnvironmentIsAnUnknownProperty()
    {
        var error = Fails("""{ "environments": { "prodution": {} } }""");

        Assert.Equal("OpsSettingsUnknownProperty", error.ErrorId);
        Assert.Equal("environments.prodution", error.Field);
    }

    [Theory]
    [InlineData("""{ "rollout": { "throttleLimit": "eight" } }""", "rollout.throttleLimit")]
    [InlineData("""{ "rollout": { "throttleLimit": 0 } }""", "rollout.throttleLimit")]
    [InlineData("""{ "rollout": { "bakeTime": "five minutes" } }""", "rollout.bakeTime")]
    [InlineData("""{ "rollout": { "strategy": "Blue" } }""", "rollout.strategy")]
    [InlineData("""{ "rollout": { "strategy": "AllAtOnce", "trafficSteps": [100] } }""", "rollout.trafficSteps")]
    [InlineData("""{ "backup": { "bucket": "my-bucket" } }""", "backup.bucket")]
    [InlineData("""{ "analysis": { "syntheticProbes": "yes" } }""", "analysis.syntheticProbes")]
    [InlineData("""{ "smoke": { "checks": [ { "name": "x" } ] } }""", "smoke.checks[0]")]
    [InlineData("""{ "smoke": { "checks": [ { "name": "x", "url": "ftp://x" } ] } }""", "smoke.checks[0].url")]
    [InlineData("""{ "smoke": { "checks": [ { "name": "x", "function": "health", "assertions": ["result is ok"] } ] } }""", "smoke.checks[0].assertions[0]")]
    [InlineData("""{ "smoke": { "checks": [ { "name": "x", "function": "health", "auth": "basic" } ] } }""", "smoke.checks[0].auth")]
    [InlineData("""{ "region": 5 }""", "region")]
    public void WrongTypesAndValuesAreInvalid(string json, string field)
    {
        var error = Fails(json);

        Assert.Equal("OpsSettingsInvalid", error.ErrorId);
        Assert.Equal(field, error.Field);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void SmokeCheckForAnUnknownFunction()
    {
        var error = Fails("""{ "smoke": { "checks": [ { "name": "x", "function": "nope" } ] } }""");

        Assert.Equal("OpsSettingsInvalid", error.ErrorId);
        Assert.Contains("health", error.Message);
    }

    [Theory]
    [InlineData("[10, 5, 100]")]
    [InlineData("[10, 10, 100]")]
    [InlineData("[0, 100]")]
    [InlineData("[10, 101]")]
    [InlineData("[10, 50]")]
    [InlineData("[]")]
    public void BadTrafficSteps(string steps)
    {
        var error = Fails($$"""{ "rollout": { "strategy": "Custom", "trafficSteps": {{steps}} } }""");

        Assert.Equal("TrafficStepsInvalid", error.ErrorId);
        Assert.Equal("rollout.trafficSteps", error.Field);
    }

    [Theory]
    [InlineData("maxErrorRate", "1.5")]
    [InlineData("maxTimeoutRate", "-0.1")]
    [InlineData("maxErrorRateIncreaseOverStable", "2")]
    [InlineData("maxP95Ms", "0")]
    public void ThresholdsOutOfRange(string name, string value)
    {
        var error = Fails($$"""{ "analysis": { "{{name}}": {{value}} } }""");

        Assert.Equal("ThresholdOutOfRange", error.ErrorId);
        Assert.Equal("analysis." + name, error.Field);
    }

    [Fact]
    public void MalformedSettingsJson()
    {
        var error = Fails("{ \"rollout\": { \"strategy\": \"AllAtOnce\" ");

        Assert.Equal("OpsSettingsMalformed", error.ErrorId);
        Assert.Equal(1, error.Line);
    }

    [Theory]
    [InlineData("$.result.success == true", "$.result.success", "==", "true")]
    [InlineData("$.status == \"healthy\"", "$.status", "==", "\"healthy\"")]
    [InlineData("$.result.total >= 1", "$.result.total", ">=", "1")]
    [InlineData("$.result.items exists", "$.result.items", "exists", null)]
    public void AssertionsParse(string text, string path, string op, string? expected)
    {
        var assertion = SmokeAssertionParser.TryParse(text, out var problem);

        Assert.Null(problem);
        Assert.Equal(new SmokeAssertion(path, op, expected, text), assertion);
    }
}
