using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.FirebaseManagement;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Iam;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Google.Scheduler;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Rollout;

/// <summary>A function goes to Google as <c>firebase deploy</c> sends it (issue 16): CPU resolved with
/// concurrency, invoker bound, a scheduled function's job created and firing, Pub/Sub on its topic,
/// secrets pinned, against an emulator that refuses what Google refuses.</summary>
public sealed class FirebaseDeployParityTests(RolloutFixture fixture) : IClassFixture<RolloutFixture>
{
    [Fact]
    public async Task AConcurrentFunctionGetsOneVcpuAndIsPublic()
    {
        // 256 MB with concurrency 80 and no CPU: Google derives 0.167 vCPU and refuses concurrency > 1.
        var id = fixture.NewId("conc");
        using var repo = WithEndpoint(id, "    availableMemoryMb: 256\n    concurrency: 80\n    httpsTrigger: {}");

        var record = await new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        var live = await Functions.GetAsync(new FunctionName(RolloutFixture.Project, RolloutFixture.Region, id));
        Assert.Equal("1", live.ServiceConfig?.AvailableCpu);
        Assert.Equal(80, live.ServiceConfig?.MaxInstanceRequestConcurrency);
        // cloudfunctionsv2.ts createFunction: the Functions Framework target, execution ids, no build scripts.
        Assert.Equal("health", live.ServiceConfig?.EnvironmentVariables?["FUNCTION_TARGET"]);
        Assert.Equal("true", live.ServiceConfig?.EnvironmentVariables?["LOG_EXECUTION_ID"]);
        Assert.Equal("", live.BuildConfig?.EnvironmentVariables?["GOOGLE_NODE_RUN_SCRIPTS"]);
        Assert.Equal(["allUsers"], RunInvokerApi.Invokers(await new RunInvokerApi(fixture.Client()).GetAsync(live.ServiceConfig!.Service!)));
        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(live.Url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AScheduledFunctionGetsTheJobFirebaseToolsBuildsAndTheJobRunsIt()
    {
        var id = fixture.NewId("cron");
        using var repo = WithEndpoint(id, "    scheduleTrigger:\n      schedule: 'every day 03:00'\n      timeZone: Etc/UTC");

        var record = await new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        var live = await Functions.GetAsync(new FunctionName(RolloutFixture.Project, RolloutFixture.Region, id));
        var jobName = $"projects/{RolloutFixture.Project}/locations/{RolloutFixture.Region}/jobs/firebase-schedule-{id}-{RolloutFixture.Region}";
        var job = await new CloudSchedulerApi(fixture.Client()).FindAsync(jobName);
        Assert.NotNull(job);
        Assert.Equal("every day 03:00", job.Schedule);
        Assert.Equal("Etc/UTC", job.TimeZone);
        Assert.Equal(live.Url, job.HttpTarget?.Uri);
        Assert.Equal("POST", job.HttpTarget?.HttpMethod);
        Assert.Equal(live.ServiceConfig?.ServiceAccountEmail, job.HttpTarget?.OidcToken?.ServiceAccountEmail);
        Assert.Equal("true", live.Labels?["deployment-scheduled"]);
        Assert.Equal(["serviceAccount:" + live.ServiceConfig!.ServiceAccountEmail], RunInvokerApi.Invokers(await new RunInvokerApi(fixture.Client()).GetAsync(live.ServiceConfig.Service!)));

        // A scheduled day per second: the job fires and the private function admits its service account.
        using (await fixture.Admin.PostAsJsonAsync("_emulator/scheduler", new JsonObject { ["timeScale"] = 86400 })) { }
        try
        {
            JsonObject? fired = null;
            for (var i = 0; i < 400 && fired is null; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"cloudscheduler/v1/{jobName}");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "owner");
                using var response = await fixture.Admin.SendAsync(request);
                var raw = await response.Content.ReadFromJsonAsync<JsonObject>();
                fired = raw?["status"] is JsonObject ? raw : null;
                await Task.Delay(fired is null ? 25 : 0);
            }

            Assert.NotNull(fired);
            Assert.Null(fired!["status"]!["code"]);
        }
        finally
        {
            using (await fixture.Admin.PostAsJsonAsync("_emulator/scheduler", new JsonObject { ["timeScale"] = 1 })) { }
        }
    }

    [Fact]
    public async Task APubSubTriggerListensOnItsTopicAndEveryFunctionPinsItsSecret()
    {
        var id = fixture.NewId("topic");
        using var repo = WithEndpoint(id, "    eventTrigger:\n      eventType: google.cloud.pubsub.topic.v1.messagePublished\n      eventFilters: { topic: job-events }\n      retry: false\n    secretEnvironmentVariables: [{ key: GENERATOR_API_KEY }]");

        var record = await new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        var live = await Functions.GetAsync(new FunctionName(RolloutFixture.Project, RolloutFixture.Region, id));
        Assert.Equal($"projects/{RolloutFixture.Project}/topics/job-events", live.EventTrigger?.PubsubTopic);
        Assert.DoesNotContain(live.EventTrigger!.EventFilters ?? [], f => f.Attribute == "topic");
        Assert.Equal("RETRY_POLICY_DO_NOT_RETRY", live.EventTrigger.RetryPolicy);
        Assert.Equal("1", Assert.Single(live.ServiceConfig!.SecretEnvironmentVariables!).Version);
        Assert.Equal("cloudevent", live.ServiceConfig.EnvironmentVariables!["FUNCTION_SIGNATURE_TYPE"]);
    }

    [Fact]
    public async Task EveryFunctionGetsTheVariablesFirebaseDeploySetsAndTheSameReleaseIsThenUnchanged()
    {
        var id = fixture.NewId("fbenv");
        using var repo = WithEndpoint(id, "    httpsTrigger: {}");

        var record = await new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        var variables = (await Functions.GetAsync(new FunctionName(RolloutFixture.Project, RolloutFixture.Region, id))).ServiceConfig!.EnvironmentVariables!;
        // functions/env.ts loadFirebaseEnvs: JSON.stringify of the adminSdkConfig body, keys in Google's order, no spaces.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"firebase/v1beta1/projects/{RolloutFixture.Project}/adminSdkConfig") { Headers = { Authorization = new("Bearer", "owner") } };
        using var response = await fixture.Admin.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(body.ToJsonString(), variables["FIREBASE_CONFIG"]);
        Assert.Equal(["projectId", "storageBucket"], body.Select(p => p.Key));
        Assert.Equal(RolloutFixture.Project, variables["GCLOUD_PROJECT"]);
        Assert.Equal($"projects/{RolloutFixture.Project}/locations/{RolloutFixture.Region}/services/{id}", variables["EVENTARC_CLOUD_EVENT_SOURCE"]);

        var again = await new RolloutEngine(fixture.Client()).PlanAsync(RolloutEngineTests.Options(repo.Load()), default);

        Assert.Equal(PlannedChangeAction.Unchanged, Assert.Single(again.Functions, f => f.FunctionId == id).Action);
    }

    [Fact]
    public async Task TheBuiltInStorageBucketParamIsTheDefaultBucketGoogleNamesNotAGuess()
    {
        // A project set up since October 2024: its default bucket is <project>.firebasestorage.app.
        using (var request = new HttpRequestMessage(HttpMethod.Delete, $"firebasestorage/v1beta/projects/{RolloutFixture.Project}/defaultBucket") { Headers = { Authorization = new("Bearer", "owner") } })
        using (var deleted = await fixture.Admin.SendAsync(request))
        {
            Assert.True(deleted.IsSuccessStatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, $"firebasestorage/v1beta/projects/{RolloutFixture.Project}/defaultBucket") { Headers = { Authorization = new("Bearer", "owner") }, Content = new StringContent("""{"location":"us-central1"}""") })
        using (var created = await fixture.Admin.SendAsync(request))
        {
            Assert.True(created.IsSuccessStatusCode);
        }

        var id = fixture.NewId("bucket");
        using var repo = new RolloutRepository([id]).Write("functions/functions.yaml",
            $"specVersion: v1alpha1\nparams:\n  - name: UPLOADS_BUCKET\n    type: string\n    default: '{{{{ params.STORAGE_BUCKET }}}}'\nendpoints:\n  {id}:\n    entryPoint: health\n    httpsTrigger: {{}}\n");
        var project = repo.Load();
        Assert.Equal($"{RolloutFixture.Project}.appspot.com", Assert.Single(project.Functions).EnvironmentVariables.Single(v => v.Name == "UPLOADS_BUCKET").Value);

        var record = await new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(project), default);

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        var variables = (await Functions.GetAsync(new FunctionName(RolloutFixture.Project, RolloutFixture.Region, id))).ServiceConfig!.EnvironmentVariables!;
        var bucket = $"{RolloutFixture.Project}.firebasestorage.app";
        Assert.Equal(bucket, variables["UPLOADS_BUCKET"]);
        Assert.Equal(bucket, (string?)JsonNode.Parse(variables["FIREBASE_CONFIG"])!["storageBucket"]);
    }

    [Fact]
    public async Task AMissingSecretStopsTheDeploymentBeforeAnyChange()
    {
        var id = fixture.NewId("secret");
        using var repo = WithEndpoint(id, "    httpsTrigger: {}\n    secretEnvironmentVariables: [{ key: NOT_SET_ANYWHERE }]");
        await fixture.ClearRequestLogAsync();

        var error = await Assert.ThrowsAsync<JobFinderException>(() => new RolloutEngine(fixture.Client()).PlanAsync(RolloutEngineTests.Options(repo.Load()), default));

        Assert.Equal("SecretVersionMissing", error.ErrorId);
        Assert.Contains("NOT_SET_ANYWHERE", error.Message, StringComparison.Ordinal);
        Assert.Contains(id, error.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.MutatingCallsAsync());
    }

    [Fact]
    public void TheMonitoringValueTypeIsInt64AsGoogleSpellsIt() =>
        Assert.Equal("INT64", GoogleEnumConverter<MetricValueType>.ToWire(MetricValueType.Int64));

    [Theory]
    [InlineData(256, null, null, "1", 80)]
    [InlineData(4096, null, null, "2", 80)]
    [InlineData(256, "gcf_gen1", null, "0.1666", 1)]
    [InlineData(1024, "0.5", 8, "0.5", 8)]
    public void CpuAndConcurrencyAreResolvedTogetherAsFirebaseToolsDoes(int memory, string? cpu, int? concurrency, string expectedCpu, int expectedConcurrency)
    {
        var function = new ProjectFunction
        {
            Id = "fn", Codebase = "default", SourceDirectory = "/tmp", Runtime = "nodejs20", EntryPoint = "fn", Region = "us-central1",
            Regions = ["us-central1"], TriggerKind = FunctionTriggerKind.Https, AvailableMemoryMb = memory, Cpu = cpu, Concurrency = concurrency,
        };

        Assert.Equal((expectedCpu, expectedConcurrency), FunctionSpecBuilder.ResolveCpuAndConcurrency(function));
    }

    [Fact]
    public void TheVariablesFirebaseToolsAddAreSetButAFunctionDeployedWithoutThemIsNotRedeployedForThem()
    {
        // A grouped export (jobs.submit) has the entry point jobs-submit; FUNCTION_TARGET names it with '.'.
        var function = new ProjectFunction
        {
            Id = "jobs-submit", Codebase = "default", SourceDirectory = "/tmp", Runtime = "nodejs22", EntryPoint = "jobs-submit", Region = "us-central1",
            Regions = ["us-central1"], TriggerKind = FunctionTriggerKind.Https,
        };

        var sent = FunctionSpecBuilder.Build(function, "p", "us-central1", new StorageSource { Bucket = "b", Object = "o" }, "hash", "archive", allTrafficOnLatest: true);

        Assert.Equal("jobs.submit", sent.ServiceConfig!.EnvironmentVariables!["FUNCTION_TARGET"]);
        Assert.Equal("true", sent.ServiceConfig.EnvironmentVariables["LOG_EXECUTION_ID"]);
        // prepare.ts: every endpoint, not only event functions, names its Cloud Run service.
        Assert.Equal("projects/p/locations/us-central1/services/jobs-submit", sent.ServiceConfig.EnvironmentVariables["EVENTARC_CLOUD_EVENT_SOURCE"]);
        Assert.Equal(new Dictionary<string, string> { ["GOOGLE_NODE_RUN_SCRIPTS"] = "" }, sent.BuildConfig!.EnvironmentVariables);
        Assert.Contains("buildConfig.environmentVariables", FunctionSpecBuilder.UpdateMask(function));
        var deployedBefore = sent with
        {
            ServiceConfig = sent.ServiceConfig with { EnvironmentVariables = new() { ["FUNCTION_REGION"] = "us-central1" } },
            BuildConfig = sent.BuildConfig with { EnvironmentVariables = null },
        };
        Assert.Empty(FunctionSpecBuilder.Differences(deployedBefore, function, "hash"));
        Assert.Empty(FunctionSpecBuilder.Differences(sent, function, "hash"));

        // FIREBASE_CONFIG and GCLOUD_PROJECT are part of the release: a function deployed without them is a change, shown without values.
        var config = new AdminSdkConfig(JsonNode.Parse("""{"projectId":"p","storageBucket":"p.firebasestorage.app"}""")!.AsObject());
        var withFirebase = Assert.Single(FirebaseEnvironment.Apply([function], config, "p"));
        Assert.Equal(["env FIREBASE_CONFIG: added (from the project's adminSdkConfig)", "env GCLOUD_PROJECT: added (from the project id)"],
            FunctionSpecBuilder.Differences(sent, withFirebase, "hash"));
    }

    [Fact]
    public void AnEventFunctionsUpdateMaskNamesTheTriggersLeafPathsNotTheWholeTrigger()
    {
        // Masking "eventTrigger" with a body that lacks a live field (channel, a trigger region set elsewhere) wipes it.
        var function = new ProjectFunction
        {
            Id = "onJob", Codebase = "default", SourceDirectory = "/tmp", Runtime = "nodejs20", EntryPoint = "onJob", Region = "us-central1",
            Regions = ["us-central1"], TriggerKind = FunctionTriggerKind.Event, TriggerDetail = "google.cloud.firestore.document.v1.written",
        };

        var mask = FunctionSpecBuilder.UpdateMask(function);

        Assert.DoesNotContain("eventTrigger", mask);
        Assert.Contains("eventTrigger.eventFilters", mask);
        Assert.Contains("eventTrigger.retryPolicy", mask);
        Assert.DoesNotContain("eventTrigger.triggerRegion", mask);
        Assert.Contains("serviceConfig.availableCpu", mask);
    }

    private CloudFunctionsApi Functions => new(fixture.Client());

    private static RolloutRepository WithEndpoint(string id, string lines) =>
        new RolloutRepository([id]).Write("functions/functions.yaml", $"specVersion: v1alpha1\nendpoints:\n  {id}:\n    entryPoint: health\n{lines}\n");
}
