using System.Net;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Runtime;

/// <summary>Revisions run their own source in a Node.js worker (Functions Framework) with Cloud Run's
/// limits around it. One emulator for the class: each test deploys its own functions.</summary>
public sealed class RevisionCodeTests : IAsyncLifetime
{
    private EmulatorSession session = null!;

    public async Task InitializeAsync() => session = await EmulatorSession.StartAsync();

    public async Task DisposeAsync() => await session.DisposeAsync();

    [Fact]
    public async Task Each_revision_answers_with_its_own_code_and_cloud_run_environment_on_its_tag_url()
    {
        const string handler = """
            (req, res) => res.json({ answer: ANSWER, path: req.path, query: req.query.q, body: req.body,
              env: { K_SERVICE: process.env.K_SERVICE, K_REVISION: process.env.K_REVISION, K_CONFIGURATION: process.env.K_CONFIGURATION,
                     FUNCTION_TARGET: process.env.FUNCTION_TARGET, GOOGLE_CLOUD_PROJECT: process.env.GOOGLE_CLOUD_PROJECT,
                     GCLOUD_PROJECT: process.env.GCLOUD_PROJECT ?? null, FIREBASE_CONFIG: process.env.FIREBASE_CONFIG ?? null, GREETING: process.env.GREETING, PORT: process.env.PORT } })
            """;
        var first = await session.CreateFunctionAsync("answerFn", new Dictionary<string, string> { ["GREETING"] = "hello" },
            archive: FunctionSource.Http("answerFn", handler.Replace("ANSWER", "'one'", StringComparison.Ordinal)));
        var firstRevision = first["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();
        var second = await session.UpdateFunctionAsync("answerFn", new Dictionary<string, string> { ["GREETING"] = "bonjour" },
            archive: FunctionSource.Http("answerFn", handler.Replace("ANSWER", "'two'", StringComparison.Ordinal)));
        var secondRevision = second["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();
        await session.PatchTrafficAsync("answerfn", new JsonArray(
            EmulatorSession.RevisionTarget(firstRevision, 50, "old"), EmulatorSession.RevisionTarget(secondRevision, 50, "new")));
        using var client = session.NewClient(null);
        var root = session.Emulator.BaseAddress + "_run/jobfinder-staging/us-central1/";

        using var old = await client.PostAsync(root + "old---answerfn/some/path?q=x", EmulatorSession.Json(new JsonObject { ["data"] = 7 }));
        var oldBody = await EmulatorSession.ReadAsync(old);
        using var fresh = await client.GetAsync(root + "new---answerfn");
        var freshBody = await EmulatorSession.ReadAsync(fresh);

        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal("one", oldBody["answer"]!.GetValue<string>());
        Assert.Equal("/some/path", oldBody["path"]!.GetValue<string>());
        Assert.Equal("x", oldBody["query"]!.GetValue<string>());
        Assert.Equal(7, oldBody["body"]!["data"]!.GetValue<int>());
        Assert.Equal(firstRevision, oldBody["env"]!["K_REVISION"]!.GetValue<string>());
        Assert.Equal("hello", oldBody["env"]!["GREETING"]!.GetValue<string>());
        Assert.Equal("two", freshBody["answer"]!.GetValue<string>());
        var env = freshBody["env"]!;
        Assert.Equal(secondRevision, env["K_REVISION"]!.GetValue<string>());
        Assert.Equal("answerfn", env["K_SERVICE"]!.GetValue<string>());
        Assert.Equal("answerfn", env["K_CONFIGURATION"]!.GetValue<string>());
        Assert.Equal("answerFn", env["FUNCTION_TARGET"]!.GetValue<string>());
        Assert.Equal("jobfinder-staging", env["GOOGLE_CLOUD_PROJECT"]!.GetValue<string>());
        // Set by firebase deploy in the function's variables, never by Cloud Functions itself.
        Assert.Null(env["GCLOUD_PROJECT"]);
        Assert.Null(env["FIREBASE_CONFIG"]);
        Assert.Equal("bonjour", env["GREETING"]!.GetValue<string>());
        Assert.NotEqual(oldBody["env"]!["PORT"]!.GetValue<string>(), env["PORT"]!.GetValue<string>());
        Assert.Equal(secondRevision, fresh.Headers.GetValues("x-emulator-revision").Single());
    }

    [Fact]
    public async Task Code_that_throws_while_loading_fails_the_deploy_with_its_error_and_never_serves()
    {
        var done = await session.CreateFunctionAsync("brokenFn",
            archive: FunctionSource.Http("brokenFn", prelude: "throw new Error('config missing: DATABASE_URL');"));

        Assert.NotNull(done["error"]);
        Assert.Contains("config missing: DATABASE_URL", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Container Healthcheck failed", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Public (firebase deploy would have made it so had the deploy succeeded), so the answer is the
        // revision's, not Cloud Run's invoker check.
        await session.SetInvokersAsync("projects/jobfinder-staging/locations/us-central1/services/brokenfn", "allUsers");
        using var client = session.NewClient(null);
        using var call = await client.GetAsync(session.Emulator.BaseAddress + "_run/jobfinder-staging/us-central1/brokenfn");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, call.StatusCode);
    }

    [Fact]
    public async Task A_request_past_timeoutSeconds_gets_504_and_the_worker_keeps_serving()
    {
        await session.CreateFunctionAsync("hangFn",
            archive: FunctionSource.Http("hangFn", "(req, res) => { if (req.path === '/hang') { return; } res.json({ ok: true }); }"),
            serviceConfig: new JsonObject { ["timeoutSeconds"] = 1 });
        using var client = session.NewClient(null);
        var url = session.Emulator.BaseAddress + "_run/jobfinder-staging/us-central1/hangfn";

        using var hung = await client.GetAsync(url + "/hang");
        using var ok = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.GatewayTimeout, hung.StatusCode);
        Assert.Equal("DEADLINE_EXCEEDED", (await EmulatorSession.ReadAsync(hung))["error"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_worker_that_runs_out_of_its_memory_limit_answers_503_and_is_restarted()
    {
        const string handler = """
            (req, res) => {
              if (req.path === '/grow') { const hog = []; for (;;) { hog.push(new Array(1e6).fill(Math.random())); } }
              res.json({ pid: process.pid });
            }
            """;
        await session.CreateFunctionAsync("hogFn", archive: FunctionSource.Http("hogFn", handler),
            serviceConfig: new JsonObject { ["availableMemory"] = "128Mi" });
        using var client = session.NewClient(null);
        var url = session.Emulator.BaseAddress + "_run/jobfinder-staging/us-central1/hogfn";
        using var before = await client.GetAsync(url);
        var pidBefore = (await EmulatorSession.ReadAsync(before))["pid"]!.GetValue<int>();

        using var crashed = await client.GetAsync(url + "/grow");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, crashed.StatusCode);

        // The restart waits out a short backoff; requests during it are 503 as well (bounded polls).
        HttpResponseMessage? after = null;
        for (var i = 0; i < 200 && after?.StatusCode != HttpStatusCode.OK; i++)
        {
            after?.Dispose();
            after = await client.GetAsync(url);
            if (after.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
                await Task.Delay(20);
            }
        }

        Assert.Equal(HttpStatusCode.OK, after!.StatusCode);
        Assert.NotEqual(pidBefore, (await EmulatorSession.ReadAsync(after))["pid"]!.GetValue<int>());
        after.Dispose();
    }

    [Fact]
    public async Task Requests_beyond_max_instances_times_concurrency_get_429()
    {
        await session.CreateFunctionAsync("narrowFn",
            archive: FunctionSource.Http("narrowFn", "(req, res) => setTimeout(() => res.json({ ok: true }), req.path === '/slow' ? 3000 : 0)"),
            serviceConfig: new JsonObject { ["maxInstanceCount"] = 1, ["maxInstanceRequestConcurrency"] = 1 });
        using var client = session.NewClient(null);
        var url = session.Emulator.BaseAddress + "_run/jobfinder-staging/us-central1/narrowfn";

        // Warm the only instance first, so the slow call is not racing a cold start.
        using (var warm = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        // With one slot, whichever call arrives first holds it: a quick call may take it before the slow one
        // arrives, and then the slow one is the call refused. So the slow call is retried until it is the
        // one holding the slot while a quick call is refused.
        for (var attempt = 1; ; attempt++)
        {
            var slow = client.GetAsync(url + "/slow");
            HttpResponseMessage? rejected = null;
            while (!slow.IsCompleted && rejected?.StatusCode != HttpStatusCode.TooManyRequests)
            {
                rejected?.Dispose();
                rejected = await client.GetAsync(url);
                await Task.Delay(10);
            }

            using var slowDone = await slow;
            if (rejected?.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("RESOURCE_EXHAUSTED", (await EmulatorSession.ReadAsync(rejected))["error"]!["status"]!.GetValue<string>());
                Assert.Equal(HttpStatusCode.OK, slowDone.StatusCode);
                rejected.Dispose();
                return;
            }

            rejected?.Dispose();
            // The slow call lost the race, so it was the one refused: that is the same rule seen from the other side.
            Assert.Equal(HttpStatusCode.TooManyRequests, slowDone.StatusCode);
            Assert.True(attempt < 5, "the slow call never held the only slot in 5 attempts");
        }
    }

    [Fact]
    public async Task Worker_output_becomes_log_entries_of_its_revision_filtered_by_severity()
    {
        const string handler = """
            (req, res) => {
              console.log('served ' + req.path);
              console.error('boom in ' + req.path);
              console.log(JSON.stringify({ severity: 'WARNING', message: 'slow query', ms: 1200 }));
              res.json({ ok: true });
            }
            """;
        var created = await session.CreateFunctionAsync("loggingFn", archive: FunctionSource.Http("loggingFn", handler));
        var revision = created["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();
        using var client = session.NewClient(null);
        using var call = await client.GetAsync(session.Emulator.BaseAddress + "_run/jobfinder-staging/us-central1/loggingfn/orders");
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        var filter = $"resource.type=\"cloud_run_revision\" AND resource.labels.revision_name=\"{revision}\"";

        // Output reaches the log a moment after the response (bounded polls).
        JsonArray entries = [];
        static bool Has(JsonArray all, string text) => all.Any(e => (e!["textPayload"] ?? e["jsonPayload"]?["message"])?.GetValue<string>() == text);
        for (var i = 0; i < 100 && !(Has(entries, "served /orders") && Has(entries, "boom in /orders") && Has(entries, "slow query")); i++)
        {
            var listed = await session.SendJsonAsync(HttpMethod.Post, "v2/entries:list", new JsonObject
            {
                ["resourceNames"] = new JsonArray("projects/jobfinder-staging"),
                ["filter"] = filter,
            });
            entries = listed["entries"]?.AsArray() ?? [];
            await Task.Delay(20);
        }

        var errors = await session.SendJsonAsync(HttpMethod.Post, "logging/v2/entries:list", new JsonObject
        {
            ["resourceNames"] = new JsonArray("projects/jobfinder-staging"),
            ["filter"] = filter + "\nseverity>=ERROR",
            ["orderBy"] = "timestamp desc",
        });

        Assert.Contains(entries, e => e!["textPayload"]?.GetValue<string>() == "served /orders" && e["severity"]!.GetValue<string>() == "DEFAULT"
            && e["logName"]!.GetValue<string>() == "projects/jobfinder-staging/logs/run.googleapis.com%2Fstdout");
        Assert.Contains(entries, e => e!["jsonPayload"]?["message"]?.GetValue<string>() == "slow query" && e["severity"]!.GetValue<string>() == "WARNING");
        var error = Assert.Single(errors["entries"]!.AsArray());
        Assert.Equal("boom in /orders", error!["textPayload"]!.GetValue<string>());
        Assert.Equal("loggingfn", error["resource"]!["labels"]!["service_name"]!.GetValue<string>());

        using var bad = await session.Client.PostAsync("v2/entries:list", EmulatorSession.Json(new JsonObject
        {
            ["resourceNames"] = new JsonArray("projects/jobfinder-staging"),
            ["filter"] = "severity>=ERROR OR textPayload:\"x\"",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
