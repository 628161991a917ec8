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
    public void FunctionsComeFromTheCode()
    {
        var project = ProjectLoader.Load(Example, "production");

        // What index.js says, not what a hand-written manifest used to say (minInstances 1,
        // concurrency 80/40/8 and memory values the code never set).
        var codebase = Assert.Single(project.Codebases);
        Assert.Equal(FunctionSettingsSource.Code, codebase.DiscoveredFrom);
        Assert.Equal(
            ["health", "submitJob", "getStopList", "manageContentItems", "generateDocument", "searchJobs", "scrapeCompany", "contactForm", "cleanupExpiredDocuments"],
            project.Functions.Select(f => f.Id));
        Assert.All(project.Functions, f =>
        {
            Assert.Equal(FunctionSettingsSource.Code, f.SettingsSource);
            Assert.Equal(20, f.MaxInstances); // setGlobalOptions({ maxInstances: 20 })
            Assert.Equal(["us-central1"], f.Regions);
            Assert.Null(f.MinInstances);
            Assert.Null(f.Concurrency);
        });
        var health = project.Functions.Single(f => f.Id == "health");
        Assert.Equal(FunctionTriggerKind.Https, health.TriggerKind);
        Assert.Null(health.AvailableMemoryMb);
        var generate = project.Functions.Single(f => f.Id == "generateDocument");
        Assert.Equal(FunctionTriggerKind.Callable, generate.TriggerKind);
        Assert.Equal(1024, generate.AvailableMemoryMb);
        Assert.Equal(120, generate.TimeoutSeconds);
        Assert.Equal([new SecretEnvironmentVariable("GENERATOR_API_KEY", "GENERATOR_API_KEY")], generate.SecretEnvironmentVariables);
        Assert.Equal("nodejs20", generate.Runtime);
        var cleanup = project.Functions.Single(f => f.Id == "cleanupExpiredDocuments");
        Assert.Equal(FunctionTriggerKind.Schedule, cleanup.TriggerKind);
        Assert.Equal("every day 03:00", cleanup.TriggerDetail);
        Assert.Equal("Etc/UTC", cleanup.ScheduleTimeZone);
        Assert.Equal([new RequiredApi("cloudscheduler.googleapis.com", "Needed for scheduled functions.")], codebase.RequiredApis);
        Assert.Equal([new FunctionParam("GENERATOR_API_KEY", "secret", "Secret Manager")], codebase.Params);
    }

    [Fact]
    public void AnExportAddedToIndexJsIsAFunctionWithTheOptionsInTheCode()
    {
        using var repo = TempProject.CopyOf(Example);
        File.AppendAllText(repo.PathOf("functions/index.js"),
            "\nexports.exportJobs = onCall({ memory: \"2GiB\", timeoutSeconds: 240, region: \"europe-west1\" }, async () => ({ ok: true }));\n");

        var added = ProjectLoader.Load(repo.Root, "staging").Functions.Single(f => f.Id == "exportJobs");

        Assert.Equal(FunctionTriggerKind.Callable, added.TriggerKind);
        Assert.Equal(2048, added.AvailableMemoryMb);
        Assert.Equal(240, added.TimeoutSeconds);
        Assert.Equal(["europe-west1"], added.Regions);
        Assert.Equal(20, added.MaxInstances);
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
        // firebase deploy runs predeploy before it loads the code; so does the loader (once).
        Assert.True(project.Codebases[0].PredeployRan);
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
