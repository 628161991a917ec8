using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

/// <summary>Codebases laid out as real repositories have them (no functions.yaml), discovered by loading
/// the code with the firebase-functions SDK installed from the npm registry (once per run, by build.ps1),
/// and compared field by field with what firebase-tools' own discovery reports for the same folder.</summary>
[Collection(NodeDiscoveryCollection.Name)]
public class CodeDiscoveryTests
{
    // Every kind of function the tests compare: options on an HTTPS function, two regions, a schedule,
    // a Firestore trigger with a path filter, a callable with a secret and a param from .env.staging.
    private const string JavaScriptIndex = """
        const { onRequest, onCall } = require("firebase-functions/v2/https");
        const { onSchedule } = require("firebase-functions/v2/scheduler");
        const { onDocumentWritten } = require("firebase-functions/v2/firestore");
        const { defineSecret, defineString, defineInt } = require("firebase-functions/params");

        const apiKey = defineSecret("PARTNER_API_KEY");
        const greeting = defineString("GREETING");
        const minInstances = defineInt("MIN_INSTANCES");

        exports.api = onRequest({ memory: "512MiB", timeoutSeconds: 30, concurrency: 40, cpu: 2, maxInstances: 7,
          ingressSettings: "ALLOW_INTERNAL_AND_GCLB", serviceAccount: "api@demo.iam.gserviceaccount.com",
          labels: { team: "search" }, invoker: "public" }, (req, res) => res.send("ok"));
        exports.twoRegions = onRequest({ region: ["us-central1", "europe-west1"] }, (req, res) => res.send("ok"));
        exports.nightly = onSchedule({ schedule: "every day 04:00", timeZone: "Europe/Paris", retryCount: 3, memory: "1GiB" }, async () => {});
        exports.onJob = onDocumentWritten({ document: "jobs/{jobId}", retry: true }, async () => {});
        exports.greet = onCall({ secrets: [apiKey], minInstances }, (request) => greeting.value() + apiKey.value());
        """;

    [Fact]
    public void JavaScriptCodebaseMatchesFirebaseTools()
    {
        using var repo = JavaScriptRepository();

        var project = ProjectLoader.Load(repo.Root, "staging");

        var codebase = Assert.Single(project.Codebases);
        Assert.Equal(FunctionSettingsSource.Code, codebase.DiscoveredFrom);
        Assert.Null(codebase.ManifestPath);
        Assert.All(codebase.Functions, f => Assert.Equal(FunctionSettingsSource.Code, f.SettingsSource));
        AssertSameAsFirebaseTools(codebase, repo.Root, "staging", "jobfinder-staging");
    }

    [Fact]
    public void EveryKindOfFunctionCarriesWhatTheCodeSays()
    {
        using var repo = JavaScriptRepository();

        var functions = ProjectLoader.Load(repo.Root, "staging").Functions.ToDictionary(f => f.Id);

        Assert.Equal(["us-central1", "europe-west1"], functions["twoRegions"].Regions);
        var nightly = functions["nightly"];
        Assert.Equal(FunctionTriggerKind.Schedule, nightly.TriggerKind);
        Assert.Equal("every day 04:00", nightly.TriggerDetail);
        Assert.Equal("Europe/Paris", nightly.ScheduleTimeZone);
        Assert.Equal(3, nightly.ScheduleRetry?.RetryCount);
        Assert.Equal(1024, nightly.AvailableMemoryMb);
        var onJob = functions["onJob"];
        Assert.Equal("google.cloud.firestore.document.v1.written", onJob.TriggerDetail);
        Assert.True(onJob.Retry);
        Assert.Contains(new FunctionEventFilter("document", "jobs/{jobId}", PathPattern: true), onJob.EventFilters);
        Assert.Contains(new FunctionEventFilter("database", "(default)", PathPattern: false), onJob.EventFilters);
        var greet = functions["greet"];
        Assert.Equal(FunctionTriggerKind.Callable, greet.TriggerKind);
        Assert.Equal([new SecretEnvironmentVariable("PARTNER_API_KEY", "PARTNER_API_KEY")], greet.SecretEnvironmentVariables);
        Assert.Equal(2, greet.MinInstances); // {{ params.MIN_INSTANCES }} from .env.staging
        Assert.Equal("hello staging", greet.EnvironmentVariables.Single(v => v.Name == "GREETING").Value);
        Assert.Equal(".env.staging", greet.EnvironmentVariables.Single(v => v.Name == "GREETING").Source);
        Assert.Empty(functions.Values.SelectMany(f => f.NotDeployable));
    }

    [Fact]
    public void ParamsResolvePerEnvironment()
    {
        using var repo = JavaScriptRepository();

        var production = ProjectLoader.Load(repo.Root, "production").Codebases[0];

        Assert.Equal(5, production.Functions.Single(f => f.Id == "greet").MinInstances);
        Assert.Equal(new FunctionParam("GREETING", "string", ".env.production") { Value = "hello production" }, production.Params.Single(p => p.Name == "GREETING"));
        Assert.Equal(new FunctionParam("PARTNER_API_KEY", "secret", "Secret Manager"), production.Params.Single(p => p.Name == "PARTNER_API_KEY"));
        // A param's value is deployed as an environment variable: like those, it is not public.
        Assert.DoesNotContain("hello production", JsonSerializer.Serialize(production.Params));
        AssertSameAsFirebaseTools(production, repo.Root, "production", "jobfinder-prod");
    }

    [Fact]
    public void TheCodeIsLoadedAgainWithTheRealAdminSdkConfigWithoutRunningItsPredeployAgain()
    {
        // firebase-functions names the bucket of a storage trigger without one from FIREBASE_CONFIG while it
        // serves the manifest, so the bucket the code was loaded with is the bucket the trigger listens on.
        using var repo = new TempProject(minimal: false)
            .Write("firebase.json", """{ "functions": { "source": "functions", "runtime": "nodejs20", "predeploy": ["echo ran >> \"$RESOURCE_DIR/predeploy.log\""] } }""")
            .Write(".firebaserc", """{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }""")
            .Write("functions/package.json", """{ "name": "storage-functions", "main": "index.js", "engines": { "node": "20" } }""")
            .Write("functions/index.js", """
                const { onObjectFinalized } = require("firebase-functions/v2/storage");
                exports.onUpload = onObjectFinalized(async () => undefined);
                """)
            .LinkNodeModules("functions");
        const string Bucket = "jobfinder-staging.firebasestorage.app";
        var real = new FirebaseSdkDefaults($$"""{"projectId":"jobfinder-staging","storageBucket":"{{Bucket}}"}""", Bucket, null);

        var assumed = ProjectLoader.Load(repo.Root, "staging");
        var reloaded = ProjectLoader.Load(repo.Root, "staging", null, real, new HashSet<string> { assumed.Codebases[0].Name });

        Assert.Contains(new FunctionEventFilter("bucket", "jobfinder-staging.appspot.com", false), assumed.Functions[0].EventFilters);
        Assert.Contains(new FunctionEventFilter("bucket", Bucket, false), reloaded.Functions[0].EventFilters);
        Assert.True(reloaded.Codebases[0].PredeployRan);
        Assert.Single(File.ReadAllLines(repo.PathOf("functions/predeploy.log")));
    }

    [Fact]
    public void TypeScriptCodebaseIsBuiltByItsPredeployBeforeDiscovery()
    {
        using var repo = new TempProject(minimal: false)
            .Write("firebase.json", """{ "functions": { "source": "functions", "runtime": "nodejs20", "predeploy": ["npm --prefix \"$RESOURCE_DIR\" run build"] } }""")
            .Write(".firebaserc", """{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }""")
            .Write("functions/package.json", """{ "name": "ts-functions", "main": "lib/index.js", "engines": { "node": "20" }, "scripts": { "build": "tsc" } }""")
            .Write("functions/tsconfig.json", """{ "compilerOptions": { "module": "commonjs", "target": "es2021", "outDir": "lib", "strict": true, "skipLibCheck": true, "types": ["node"] }, "include": ["src"] }""")
            .Write("functions/src/index.ts", """
                import { onCall } from "firebase-functions/v2/https";
                import { onMessagePublished } from "firebase-functions/v2/pubsub";

                export const typed = onCall({ memory: "256MiB", timeoutSeconds: 15 }, (request): string => String(request.data));
                export const onTopic = onMessagePublished({ topic: "jobs-imported", region: "europe-west1" }, async () => undefined);
                """)
            .LinkNodeModules("functions");

        var codebase = ProjectLoader.Load(repo.Root, "staging").Codebases[0];

        Assert.True(File.Exists(repo.PathOf("functions/lib/index.js")), "the predeploy build ran before discovery");
        Assert.True(codebase.PredeployRan);
        var onTopic = codebase.Functions.Single(f => f.Id == "onTopic");
        Assert.Contains(new FunctionEventFilter("topic", "projects/jobfinder-staging/topics/jobs-imported", false), onTopic.EventFilters);
        AssertSameAsFirebaseTools(codebase, repo.Root, "staging", "jobfinder-staging");
    }

    [Fact]
    public void TwoCodebasesAreEachDiscoveredFromTheirOwnFolder()
    {
        using var repo = new TempProject(minimal: false)
            .Write("firebase.json", """{ "functions": [ { "source": "api", "codebase": "api", "runtime": "nodejs20" }, { "source": "workers", "codebase": "workers", "runtime": "nodejs20" } ] }""")
            .Write(".firebaserc", """{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }""")
            .Write("api/package.json", """{ "name": "api", "main": "index.js" }""")
            .Write("api/index.js", """exports.search = require("firebase-functions/v2/https").onCall({ maxInstances: 3 }, () => 1);""")
            .Write("workers/package.json", """{ "name": "workers", "main": "index.js" }""")
            .Write("workers/index.js", """exports.sweep = require("firebase-functions/v2/scheduler").onSchedule("every 1 hours", async () => {});""")
            .LinkNodeModules("api")
            .LinkNodeModules("workers");

        var project = ProjectLoader.Load(repo.Root, "staging");

        Assert.Equal(["api", "workers"], project.Codebases.Select(c => c.Name));
        Assert.Equal(["search"], project.Codebases[0].Functions.Select(f => f.Id));
        Assert.Equal(["sweep"], project.Codebases[1].Functions.Select(f => f.Id));
        foreach (var codebase in project.Codebases)
        {
            AssertSameAsFirebaseTools(codebase, repo.Root, "staging", "jobfinder-staging");
        }
    }

    [Fact]
    public void AStaticFunctionsYamlWinsOverTheCode()
    {
        using var repo = JavaScriptRepository();
        repo.Write("functions/functions.yaml", TempProject.MinimalManifest);

        var codebase = ProjectLoader.Load(repo.Root, "staging").Codebases[0];

        Assert.Equal(FunctionSettingsSource.FunctionsYaml, codebase.DiscoveredFrom);
        Assert.Equal(["health"], codebase.Functions.Select(f => f.Id));
        Assert.Equal(FunctionSettingsSource.FunctionsYaml, codebase.Functions[0].SettingsSource);
    }

    [Fact]
    public void WhatCannotBeDeployedIsNamedNotDropped()
    {
        using var repo = JavaScriptRepository();
        repo.Write("functions/index.js", """
            exports.queue = require("firebase-functions/v2/tasks").onTaskDispatched({ retryConfig: { maxAttempts: 2 } }, async () => {});
            exports.plain = require("firebase-functions/v2/https").onRequest((req, res) => res.end());
            """);

        var functions = ProjectLoader.Load(repo.Root, "staging").Functions;

        var queue = functions.Single(f => f.Id == "queue");
        Assert.StartsWith("taskQueueTrigger:", Assert.Single(queue.NotDeployable));
        Assert.Empty(functions.Single(f => f.Id == "plain").NotDeployable);
    }

    [Fact]
    public void ParamDefaultsAndCelExpressionsResolveLikeFirebaseTools()
    {
        using var repo = JavaScriptRepository();
        repo.Write("functions/index.js", """
            const { onRequest } = require("firebase-functions/v2/https");
            const { defineBoolean, defineInt, defineString } = require("firebase-functions/params");
            const isProd = defineBoolean("IS_PROD", { default: false });
            const maxInstances = defineInt("MAX_INSTANCES", { default: 4 });
            const region = defineString("FUNCTION_LOCATION", { default: "europe-west1" });
            exports.tuned = onRequest({ minInstances: isProd.thenElse(2, 0), maxInstances, region }, (req, res) => res.end());
            """);
        repo.Write("functions/.env.production", "IS_PROD=true\n");

        var staging = ProjectLoader.Load(repo.Root, "staging").Codebases[0];
        var production = ProjectLoader.Load(repo.Root, "production").Codebases[0];

        var tuned = staging.Functions.Single();
        Assert.Equal(0, tuned.MinInstances); // {{ params.IS_PROD ? 2 : 0 }} with the default false
        Assert.Equal(4, tuned.MaxInstances);
        Assert.Equal(["europe-west1"], tuned.Regions);
        Assert.Equal(new FunctionParam("MAX_INSTANCES", "int", "default") { Value = "4" }, staging.Params.Single(p => p.Name == "MAX_INSTANCES"));
        // A param that took its default is deployed as an environment variable, as firebase-tools writes it to .env.<projectId>.
        Assert.Equal("4", tuned.EnvironmentVariables.Single(v => v.Name == "MAX_INSTANCES").Value);
        Assert.Equal(2, production.Functions.Single().MinInstances);
        Assert.Equal(new FunctionParam("IS_PROD", "boolean", ".env.production") { Value = "true" }, production.Params.Single(p => p.Name == "IS_PROD"));
    }

    [Fact]
    public void AParamWithNoValueAndNoDefaultNamesTheParamAndTheFile()
    {
        using var repo = JavaScriptRepository();
        repo.Write("functions/index.js", """
            const bucket = require("firebase-functions/params").defineString("EXPORT_BUCKET");
            exports.plain = require("firebase-functions/v2/https").onRequest((req, res) => res.end(bucket.value()));
            """);

        var error = Assert.ThrowsAny<JobFinderException>(() => ProjectLoader.Load(repo.Root, "staging"));

        Assert.Equal("FunctionsManifestMalformed", error.ErrorId);
        Assert.Contains("EXPORT_BUCKET", error.Message);
        Assert.Contains(".env", error.Message);
    }

    [Fact]
    public void AFailingPredeployBuildStopsDiscoveryWithItsOutput()
    {
        using var repo = JavaScriptRepository();
        repo.Write("firebase.json", """{ "functions": { "source": "functions", "runtime": "nodejs20", "predeploy": ["echo compile error TS2304 >&2; exit 3"] } }""");

        var error = Assert.Throws<JobFinderException>(() => ProjectLoader.Load(repo.Root, "staging"));

        Assert.Equal("PredeployFailed", error.ErrorId);
        Assert.Contains("compile error TS2304", error.Message);
        Assert.Contains("'default'", error.Message);
    }

    [Fact]
    public void APythonCodebaseWithoutFunctionsYamlIsRefusedByName()
    {
        using var repo = new TempProject(minimal: false)
            .Write("firebase.json", """{ "functions": { "source": "functions", "runtime": "python312" } }""")
            .Write(".firebaserc", """{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }""")
            .Write("functions/main.py", "from firebase_functions import https_fn\n")
            .Write("functions/requirements.txt", "firebase-functions\n");

        var error = Assert.Throws<JobFinderException>(() => ProjectLoader.Load(repo.Root, "staging"));

        Assert.Equal("FunctionsDiscoveryUnsupported", error.ErrorId);
        Assert.Contains("Python", error.Message);
        Assert.Contains(repo.PathOf("functions"), error.Message);
    }

    [Fact]
    public void CodeThatThrowsAtLoadIsAnErrorWithItsMessageAndLeavesNoProcess()
    {
        using var repo = JavaScriptRepository();
        repo.Write("functions/index.js", """throw new Error("config missing: JOBS_BUCKET");""");

        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<JobFinderException>(() => ProjectLoader.Load(repo.Root, "staging"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal("FunctionsCodeLoadFailed", error.ErrorId);
        Assert.Contains("config missing: JOBS_BUCKET", error.Message);
        Assert.Contains("'default'", error.Message);
        Assert.Contains(repo.PathOf("functions"), error.Message);
        Assert.Empty(NodeFixtures.ProcessesMentioning(repo.Root));
    }

    [Fact]
    public void CodeThatNeverFinishesLoadingTimesOutAndItsChildrenAreKilled()
    {
        using var repo = JavaScriptRepository();
        var marker = (3000 + Random.Shared.Next(5000)).ToString(CultureInfo.InvariantCulture);
        repo.Write("functions/index.js", $$"""
            require("child_process").spawn("sleep", ["{{marker}}"], { stdio: "ignore" });
            for (;;) {}
            """);

        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<JobFinderException>(() => ProjectLoader.Load(repo.Root, "staging"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal("FunctionsDiscoveryTimeout", error.ErrorId);
        Assert.Equal(ErrorKind.OperationTimeout, error.Kind);
        Assert.Empty(NodeFixtures.ProcessesMentioning(repo.Root));
        Assert.Empty(NodeFixtures.ProcessesMentioning("sleep " + marker));
    }

    [Fact]
    public void MissingNodeModulesIsAnErrorNamingTheFix()
    {
        using var repo = JavaScriptRepository();
        Directory.Delete(repo.PathOf("functions/node_modules"));

        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<JobFinderException>(() => ProjectLoader.Load(repo.Root, "staging"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal("FunctionsDependenciesMissing", error.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
        Assert.Contains("'default'", error.Message);
        Assert.Contains(repo.PathOf("functions"), error.Message);
        Assert.Contains("npm ci", error.RecommendedAction);
        Assert.Empty(NodeFixtures.ProcessesMentioning(repo.Root));
    }

    [Fact]
    public void AnSdkTooOldToReportItsFunctionsIsAnErrorNamingTheVersionNeeded()
    {
        using var repo = JavaScriptRepository();
        Directory.Delete(repo.PathOf("functions/node_modules"));
        repo.Write("functions/node_modules/firebase-functions/package.json", """{ "name": "firebase-functions", "version": "3.18.1", "main": "lib/index.js" }""");

        var error = Assert.Throws<JobFinderException>(() => ProjectLoader.Load(repo.Root, "staging"));

        Assert.Equal("FunctionsSdkTooOld", error.ErrorId);
        Assert.Contains("3.18.1", error.Message);
        Assert.Contains("3.20.0", error.Message);
    }

    private static TempProject JavaScriptRepository() => new TempProject(minimal: false)
        .Write("firebase.json", """{ "functions": { "source": "functions", "runtime": "nodejs20" } }""")
        .Write(".firebaserc", """{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging", "production": "jobfinder-prod" } }""")
        .Write("functions/package.json", """{ "name": "js-functions", "main": "index.js", "engines": { "node": "20" } }""")
        .Write("functions/index.js", JavaScriptIndex)
        .Write("functions/.env", "MIN_INSTANCES=1\n")
        .Write("functions/.env.staging", "GREETING=hello staging\nMIN_INSTANCES=2\n")
        .Write("functions/.env.production", "GREETING=hello production\nMIN_INSTANCES=5\n")
        .LinkNodeModules("functions");

    /// <summary>Each endpoint firebase-tools resolves (one per region) is one of our functions in that
    /// region with the same settings, trigger and params, and we have nothing it does not.</summary>
    private static void AssertSameAsFirebaseTools(FunctionCodebase codebase, string root, string alias, string projectId)
    {
        var oracle = NodeFixtures.FirebaseToolsDiscovery(root, codebase.SourceDirectory, projectId, alias);
        var endpoints = oracle.GetProperty("endpoints").EnumerateArray().ToArray();
        Assert.Equal(endpoints.Length, codebase.Functions.Sum(f => f.Regions.Count));
        foreach (var endpoint in endpoints)
        {
            var id = endpoint.GetProperty("id").GetString()!;
            var function = codebase.Functions.Single(f => f.Id == id);
            var because = $"function {id}";
            Assert.Contains(endpoint.GetProperty("region").GetString(), function.Regions);
            Assert.Equal(Text(endpoint, "entryPoint"), function.EntryPoint);
            Assert.Equal(Text(endpoint, "platform"), function.Platform);
            Assert.True(Number(endpoint, "availableMemoryMb") == function.AvailableMemoryMb, because + " memory");
            Assert.True(Number(endpoint, "timeoutSeconds") == function.TimeoutSeconds, because + " timeout");
            Assert.True(Number(endpoint, "minInstances") == function.MinInstances, because + " minInstances");
            Assert.True(Number(endpoint, "maxInstances") == function.MaxInstances, because + " maxInstances");
            Assert.True(Number(endpoint, "concurrency") == function.Concurrency, because + " concurrency");
            Assert.Equal(Text(endpoint, "cpu"), function.Cpu);
            Assert.Equal(Text(endpoint, "serviceAccount"), function.ServiceAccount);
            Assert.Equal(Text(endpoint, "ingressSettings"), function.IngressSettings);
            Assert.Equal(Pairs(endpoint, "labels"), function.Labels.Select(l => (l.Key, l.Value)).Order());
            var secrets = endpoint.TryGetProperty("secretEnvironmentVariables", out var s) && s.ValueKind == JsonValueKind.Array
                ? s.EnumerateArray().Select(e => new SecretEnvironmentVariable(e.GetProperty("key").GetString()!, e.GetProperty("secret").GetString()!)).ToArray()
                : [];
            Assert.Equal(secrets, function.SecretEnvironmentVariables);
            AssertSameTrigger(endpoint, function);
        }

        var envs = oracle.GetProperty("envs");
        foreach (var param in codebase.Params.Where(p => p.Value is not null))
        {
            Assert.Equal(envs.GetProperty(param.Name).GetString(), param.Value);
        }

        Assert.Equal(
            oracle.GetProperty("params").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order(),
            codebase.Params.Select(p => p.Name).Order());
        Assert.Equal(
            oracle.GetProperty("requiredAPIs").EnumerateArray().Select(a => new RequiredApi(a.GetProperty("api").GetString()!, a.GetProperty("reason").GetString()!)),
            codebase.RequiredApis);
    }

    private static void AssertSameTrigger(JsonElement endpoint, ProjectFunction function)
    {
        if (endpoint.TryGetProperty("httpsTrigger", out var https))
        {
            Assert.Equal(FunctionTriggerKind.Https, function.TriggerKind);
            Assert.Equal(https.TryGetProperty("invoker", out var invoker) && invoker.ValueKind == JsonValueKind.Array ? invoker.EnumerateArray().Select(i => i.GetString()!).ToArray() : [], function.Invoker);
        }
        else if (endpoint.TryGetProperty("callableTrigger", out _))
        {
            Assert.Equal(FunctionTriggerKind.Callable, function.TriggerKind);
        }
        else if (endpoint.TryGetProperty("scheduleTrigger", out var schedule))
        {
            Assert.Equal(FunctionTriggerKind.Schedule, function.TriggerKind);
            Assert.Equal(Text(schedule, "schedule"), function.TriggerDetail);
            Assert.Equal(Text(schedule, "timeZone"), function.ScheduleTimeZone);
            var retry = schedule.TryGetProperty("retryConfig", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
            Assert.True(Number(retry, "retryCount") == function.ScheduleRetry?.RetryCount, function.Id + " retryCount");
            Assert.True(Number(retry, "maxDoublings") == function.ScheduleRetry?.MaxDoublings, function.Id + " maxDoublings");
        }
        else
        {
            var trigger = endpoint.GetProperty("eventTrigger");
            Assert.Equal(FunctionTriggerKind.Event, function.TriggerKind);
            Assert.Equal(Text(trigger, "eventType"), function.TriggerDetail);
            Assert.Equal(trigger.GetProperty("retry").GetBoolean(), function.Retry);
            Assert.Equal(Text(trigger, "region"), function.TriggerRegion);
            Assert.Equal(Pairs(trigger, "eventFilters"), function.EventFilters.Where(f => !f.PathPattern).Select(f => (f.Attribute, f.Value)).Order());
            Assert.Equal(Pairs(trigger, "eventFilterPathPatterns"), function.EventFilters.Where(f => f.PathPattern).Select(f => (f.Attribute, f.Value)).Order());
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private static int? Number(JsonElement element, string name) =>
        Text(element, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private static IEnumerable<(string, string)> Pairs(JsonElement element, string name) =>
        element.TryGetProperty(name, out var map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).Order().ToArray()
            : [];
}

/// <summary>Discovery tests start Node processes and look at the process list; they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeDiscoveryCollection
{
    public const string Name = "Node discovery";
}
