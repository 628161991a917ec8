using System.Net;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Functions;

public sealed class FunctionsApiTests : IAsyncLifetime
{
    private const string Parent = "v2/projects/jobfinder-staging/locations/us-central1";
    private EmulatorSession session = null!;

    public async Task InitializeAsync() => session = await EmulatorSession.StartAsync();

    public async Task DisposeAsync() => await session.DisposeAsync();

    [Fact]
    public async Task Create_runs_as_an_operation_and_yields_an_active_function_on_a_new_run_revision()
    {
        var source = await session.UploadSourceAsync(archive: FunctionSource.Http("health"));
        var body = EmulatorSession.FunctionBody(source, "health", labels: new JsonObject { ["jobfinder-source-hash"] = "abc123" });
        var operation = await session.SendJsonAsync(HttpMethod.Post, $"{Parent}/functions?functionId=healthCheck", body);

        Assert.Null(operation["done"]);
        Assert.Equal("type.googleapis.com/google.cloud.functions.v2.OperationMetadata", operation["metadata"]!["@type"]!.GetValue<string>());
        Assert.Equal("CREATE_FUNCTION", operation["metadata"]!["operationType"]!.GetValue<string>());
        var done = await session.WaitOperationAsync(operation["name"]!.GetValue<string>());

        var function = done["response"]!.AsObject();
        Assert.Equal("type.googleapis.com/google.cloud.functions.v2.Function", function["@type"]!.GetValue<string>());
        Assert.Equal("ACTIVE", function["state"]!.GetValue<string>());
        Assert.Equal("abc123", function["labels"]!["jobfinder-source-hash"]!.GetValue<string>());
        var serviceName = function["serviceConfig"]!["service"]!.GetValue<string>();
        Assert.Equal("projects/jobfinder-staging/locations/us-central1/services/healthcheck", serviceName);
        Assert.StartsWith("healthcheck-00001-", function["serviceConfig"]!["revision"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(function["serviceConfig"]!["allTrafficOnLatestRevision"]!.GetValue<bool>());
        Assert.All(done["metadata"]!["stages"]!.AsArray().Where(s => s!["name"]!.GetValue<string>() is "BUILD" or "SERVICE"),
            s => Assert.Equal("COMPLETE", s!["state"]!.GetValue<string>()));

        var service = await session.GetJsonAsync("v2/" + serviceName);
        Assert.Equal("cloudfunctions", service["labels"]!["goog-managed-by"]!.GetValue<string>());
        Assert.Equal("healthCheck", service["annotations"]!["cloudfunctions.googleapis.com/function-id"]!.GetValue<string>());
        Assert.Equal(serviceName + "/revisions/" + function["serviceConfig"]!["revision"]!.GetValue<string>(), service["latestReadyRevision"]!.GetValue<string>());

        // Private until an invoker is bound (as on Google); public once allUsers is, as firebase deploy does.
        using var refused = await session.NewClient(null).GetAsync(function["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await session.SetInvokersAsync(serviceName, "allUsers");
        using var health = await session.NewClient(null).GetAsync(function["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Invalid_function_id_and_missing_runtime_are_400_with_field_violations_and_no_operation()
    {
        var source = await session.UploadSourceAsync();
        using var badId = await session.Client.PostAsync($"{Parent}/functions?functionId=ab", EmulatorSession.Json(EmulatorSession.FunctionBody(source, "x")));
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        var error = (await EmulatorSession.ReadAsync(badId))["error"]!;
        Assert.Equal("INVALID_ARGUMENT", error["status"]!.GetValue<string>());
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", error["details"]![0]!["@type"]!.GetValue<string>());

        var noRuntime = EmulatorSession.FunctionBody(source, "x");
        noRuntime["buildConfig"]!.AsObject().Remove("runtime");
        using var missing = await session.Client.PostAsync($"{Parent}/functions?functionId=validId", EmulatorSession.Json(noRuntime));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using var list = await session.Client.GetAsync($"{Parent}/functions");
        Assert.Empty((await EmulatorSession.ReadAsync(list))["functions"]!.AsArray());
    }

    [Fact]
    public async Task Upload_with_an_authorization_header_or_a_bad_signature_is_refused()
    {
        var upload = await session.SendJsonAsync(HttpMethod.Post, $"{Parent}/functions:generateUploadUrl", new JsonObject());
        var url = upload["uploadUrl"]!.GetValue<string>();
        Assert.Contains("GoogleAccessId=", url, StringComparison.Ordinal);

        using var withAuth = await session.Client.PutAsync(url, new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.Forbidden, withAuth.StatusCode);
        using var tampered = await session.NewClient(null).PutAsync(url.Replace("Signature=", "Signature=x", StringComparison.Ordinal), new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }

    [Fact]
    public async Task List_pages_and_accepts_the_gen2_filter_and_the_dash_location()
    {
        foreach (var id in new[] { "alphaFn", "betaFn", "gammaFn" })
        {
            await session.CreateFunctionAsync(id);
        }

        var first = await session.GetJsonAsync("v2/projects/jobfinder-staging/locations/-/functions?pageSize=2&filter=" + Uri.EscapeDataString("environment=\"GEN_2\""));
        Assert.Equal(2, first["functions"]!.AsArray().Count);
        var second = await session.GetJsonAsync($"{Parent}/functions?pageSize=2&pageToken={Uri.EscapeDataString(first["nextPageToken"]!.GetValue<string>())}");
        Assert.Single(second["functions"]!.AsArray());
        Assert.Null(second["nextPageToken"]);
    }

    [Fact]
    public async Task Update_with_all_traffic_false_keeps_a_pinned_split_and_true_moves_everything()
    {
        var created = await session.CreateFunctionAsync("pinnedFn");
        var first = created["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();
        await session.PatchTrafficAsync("pinnedfn", [EmulatorSession.RevisionTarget(first, 100, "stable")]);

        var updated = await session.UpdateFunctionAsync("pinnedFn", new Dictionary<string, string> { ["VERSION"] = "2" }, allTrafficOnLatest: false);
        var second = updated["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        Assert.False(updated["response"]!["serviceConfig"]!["allTrafficOnLatestRevision"]!.GetValue<bool>());
        var service = await session.GetJsonAsync($"{Parent}/services/pinnedfn");
        var status = Assert.Single(service["trafficStatuses"]!.AsArray());
        Assert.Equal(first, status!["revision"]!.GetValue<string>());
        Assert.Equal(100, status["percent"]!.GetValue<int>());

        var moved = await session.UpdateFunctionAsync("pinnedFn", new Dictionary<string, string> { ["VERSION"] = "3" }, allTrafficOnLatest: true);
        Assert.True(moved["response"]!["serviceConfig"]!["allTrafficOnLatestRevision"]!.GetValue<bool>());
        service = await session.GetJsonAsync($"{Parent}/services/pinnedfn");
        Assert.Contains(service["trafficStatuses"]!.AsArray(), t => t!["type"]!.GetValue<string>() == "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" && t["percent"]!.GetValue<int>() == 100);
    }

    [Fact]
    public async Task Startup_failure_fails_the_operation_with_a_grpc_code_and_keeps_the_old_revision_serving()
    {
        var created = await session.CreateFunctionAsync("fragileFn");
        var first = created["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();

        var failed = await session.UpdateFunctionAsync("fragileFn", new Dictionary<string, string> { ["EMULATOR_FAULT_STARTUP"] = "fail" });

        Assert.Equal(3, failed["error"]!["code"]!.GetValue<int>());
        Assert.Null(failed["error"]!["status"]);
        var function = await session.GetJsonAsync($"{Parent}/functions/fragileFn");
        Assert.Equal(first, function["serviceConfig"]!["revision"]!.GetValue<string>());
        var service = await session.GetJsonAsync($"{Parent}/services/fragilefn");
        Assert.EndsWith(first, service["latestReadyRevision"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("CONDITION_FAILED", service["terminalCondition"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Operation_fault_fails_the_next_deploy_and_a_failed_create_leaves_a_failed_function()
    {
        using var fault = await session.Client.PostAsync("_emulator/operation-faults", EmulatorSession.Json(new JsonObject
        {
            ["api"] = "cloudfunctions", ["kind"] = "fail", ["count"] = 1, ["message"] = "build exploded", ["code"] = 13,
        }));
        Assert.Equal(HttpStatusCode.OK, fault.StatusCode);

        var failed = await session.CreateFunctionAsync("doomedFn");

        Assert.Equal(13, failed["error"]!["code"]!.GetValue<int>());
        Assert.Equal("build exploded", failed["error"]!["message"]!.GetValue<string>());
        Assert.Equal("FAILED", (await session.GetJsonAsync($"{Parent}/functions/doomedFn"))["state"]!.GetValue<string>());
        Assert.Equal("ACTIVE", (await session.CreateFunctionAsync("luckyFn"))["response"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_accepts_snake_case_masks_and_delete_removes_function_and_service()
    {
        await session.CreateFunctionAsync("maskedFn");
        var operation = await session.SendJsonAsync(HttpMethod.Patch, $"{Parent}/functions/maskedFn?updateMask=name,labels,service_config.environment_variables", new JsonObject
        {
            ["name"] = "projects/jobfinder-staging/locations/us-central1/functions/maskedFn",
            ["labels"] = new JsonObject { ["team"] = "ops" },
            ["serviceConfig"] = new JsonObject { ["environmentVariables"] = new JsonObject { ["MODE"] = "snake" } },
        });
        var done = await session.WaitOperationAsync(operation["name"]!.GetValue<string>());
        Assert.Equal("ops", done["response"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal("snake", done["response"]!["serviceConfig"]!["environmentVariables"]!["MODE"]!.GetValue<string>());
        Assert.Equal("nodejs22", done["response"]!["buildConfig"]!["runtime"]!.GetValue<string>());

        var deletion = await session.SendJsonAsync(HttpMethod.Delete, $"{Parent}/functions/maskedFn");
        await session.WaitOperationAsync(deletion["name"]!.GetValue<string>());
        using var gone = await session.Client.GetAsync($"{Parent}/functions/maskedFn");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("NOT_FOUND", (await EmulatorSession.ReadAsync(gone))["error"]!["status"]!.GetValue<string>());
        using var serviceGone = await session.Client.GetAsync($"{Parent}/services/maskedfn");
        Assert.Equal(HttpStatusCode.NotFound, serviceGone.StatusCode);
    }
}
