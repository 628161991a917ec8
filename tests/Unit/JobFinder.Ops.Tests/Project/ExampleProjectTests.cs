using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

public class ExampleProjectTests
{
    private static readonly string Example = TempProject.ExamplePath();

    [Fact]
    public void ProductionResolvesThroughTheAlias()
    {
        var project = ProjectLoader.Load(Example, "production");

        Assert.Equal("jobfinder-prod", project.ProjectId);
        Assert.Equal("production", project.Environment);
        Assert.Equal("us-central1", project.Region);
        Assert.Equal(RolloutStrategy.Canary10Percent5Minutes, project.Settings.Rollout.Strategy);
        Assert.Equal([10, 100], project.Settings.Rollout.TrafficSteps);
        Assert.Equal(TimeSpan.FromMinutes(5), project.Settings.Rollout.BakeTime);
        Assert.True(project.Settings.Rollout.RequireStagingSmoke);
        Assert.Equal("gs://jobfinder-prod-backups", project.Settings.Backup.Bucket);
        Assert.Equal(90, project.Settings.Backup.RetentionDays);
        Assert.Equal(0.10, project.Settings.Analysis.MaxErrorRate);
        Assert.Equal(0.20, project.Settings.Analysis.MaxTimeoutRate);
        Assert.Equal(5000, project.Settings.Analysis.MaxP95Ms);
    }

    [Fact]
    public void StagingGetsItsOwnSettingsAndEnvFile()
    {
        var project = ProjectLoader.Load(Example, "staging");

        Assert.Equal("jobfinder-staging", project.ProjectId);
        Assert.Equal(RolloutStrategy.AllAtOnce, project.Settings.Rollout.Strategy);
        Assert.Equal([100], project.Settings.Rollout.TrafficSteps);
        Assert.Equal("gs://jobfinder-staging-backups", project.Settings.Backup.Bucket);
        Assert.Equal(10, project.Settings.Analysis.MinRequests);
        var codebase = Assert.Single(project.Codebases);
        Assert.Equal([".env", ".env.staging"], codebase.EnvironmentFiles);
        var submit = project.Functions.Single(f => f.Id == "submitJob");
        Assert.Equal("debug", submit.EnvironmentVariables.Single(v => v.Name == "LOG_LEVEL").Value);
        Assert.Equal(".env.staging", submit.EnvironmentVariables.Single(v => v.Name == "LOG_LEVEL").Source);
        Assert.Equal("job-finder-bot/2.4 (+https://jobfinder.dev/bot)", submit.EnvironmentVariables.Single(v => v.Name == "SCRAPER_USER_AGENT").Value);
    }

    [Fact]
    public void FunctionsComeFromTheManifest()
    {
        var project = ProjectLoader.Load(Example, "production");

        var ids = project.Functions.Select(f => f.Id).ToArray();
        Assert.Superset(new HashSet<string> { "health", "submitJob", "getStopList", "manageContentItems", "generateDocument", "searchJobs", "scrapeCompany" }, ids.ToHashSet());
        var health = project.Functions.Single(f => f.Id == "health");
        Assert.Equal(FunctionTriggerKind.Https, health.TriggerKind);
        Assert.Equal(["public"], health.Invoker);
        Assert.Equal(1, health.MinInstances);
        var generate = project.Functions.Single(f => f.Id == "generateDocument");
        Assert.Equal(FunctionTriggerKind.Callable, generate.TriggerKind);
        Assert.Equal(1024, generate.AvailableMemoryMb);
        Assert.Equal(120, generate.TimeoutSeconds);
        Assert.Equal([new SecretEnvironmentVariable("GENERATOR_API_KEY", "GENERATOR_API_KEY")], generate.SecretEnvironmentVariables);
        Assert.Equal("nodejs20", generate.Runtime);
        var cleanup = project.Functions.Single(f => f.Id == "cleanupExpiredDocuments");
        Assert.Equal(FunctionTriggerKind.Schedule, cleanup.TriggerKind);
        Assert.Equal("every day 03:00", cleanup.TriggerDetail);
    }

    [Fact]
    public void RulesIndexesAndStorageResolveToAbsolutePaths()
    {
        var project = ProjectLoader.Load(Example, "production");

        var database = Assert.Single(project.FirestoreDatabases);
        Assert.Equal("(default)", database.Database);
        Assert.Equal(Path.Combine(Example, "firestore.rules"), database.RulesPath);
        Assert.Equal(Path.Combine(Example, "firestore.indexes.json"), database.IndexesPath);
        var storage = Assert.Single(project.StorageTargets);
        Assert.Null(storage.Bucket);
        Assert.Equal(Path.Combine(Example, "storage.rules"), storage.RulesPath);
        Assert.Contains("emulators", project.OtherFirebaseKeys);
        Assert.Equal(Path.Combine(Example, "monitoring-config.yaml"), project.Settings.Monitoring.AlertPolicyFile);
        Assert.Equal("JOBFINDER_ALERT_WEBHOOK", project.Settings.Monitoring.NotifyWebhookEnvVar);
    }

    [Fact]
    public void TheFourSmokeChecksOfThePlanAreDeclared()
    {
        var checks = ProjectLoader.Load(Example, "production").Settings.Smoke.Checks;

        Assert.Equal(["Health endpoint", "Job submission", "Configuration retrieval", "Content items"], checks.Select(c => c.Name));
        Assert.Equal(["health", "submitJob", "getStopList", "manageContentItems"], checks.Select(c => c.Function));
        var submit = checks[1];
        Assert.Equal("POST", submit.Method);
        Assert.Equal(SmokeCheckAuth.FirebaseIdToken, submit.Auth);
        Assert.StartsWith("{\"data\":{\"title\":", submit.Body);
        Assert.Equal(new SmokeAssertion("$.result.success", "==", "true", "$.result.success == true"), submit.Assertions[0]);
        Assert.Equal("exists", submit.Assertions[1].Operator);
        Assert.Equal("GET", checks[0].Method);
        Assert.Equal("\"healthy\"", checks[0].Assertions[0].Expected);
    }

    [Fact]
    public void ALiteralProjectIdSelectsItsNamedAlias()
    {
        var project = ProjectLoader.Load(Path.Combine(Example, "firebase.json"), "jobfinder-staging");

        Assert.Equal("staging", project.Environment);
        Assert.Equal("jobfinder-staging", project.ProjectId);
    }

    [Fact]
    public void NoEnvironmentMeansTheDefaultAlias()
    {
        var project = ProjectLoader.Load(Example, null);

        Assert.Equal("default", project.Environment);
        Assert.Equal("jobfinder-staging", project.ProjectId);
        // No environments.default section: the top-level custom rollout applies.
        Assert.Equal([10, 50, 100], project.Settings.Rollout.TrafficSteps);
        Assert.Equal(TimeSpan.FromSeconds(30), project.Settings.Rollout.BakeTime);
    }

    [Fact]
    public void ThePredeployVariantCarriesItsCommands()
    {
        var project = ProjectLoader.Load(Path.Combine(Example, "firebase.with-predeploy.json"), "staging");

        Assert.Equal(2, project.Predeploy.Count);
        Assert.StartsWith("npm --prefix", project.Predeploy[0]);
    }

    [Fact]
    public void RedactedEnvironmentHidesEveryValue()
    {
        var submit = ProjectLoader.Load(Example, "production").Functions.Single(f => f.Id == "submitJob");

        Assert.NotEmpty(submit.RedactedEnvironment);
        Assert.All(submit.RedactedEnvironment, v => Assert.Equal(ProjectFunction.RedactedValue, v.Value));
        Assert.Equal(submit.EnvironmentVariables.Select(v => v.Name), submit.EnvironmentVariableNames);
        Assert.DoesNotContain("generator.jobfinder.dev", submit.ToString());
    }
}
