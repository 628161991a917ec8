using System.Net;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Run;

public sealed class RunApiTests : IAsyncLifetime
{
    private const string Parent = "v2/projects/jobfinder-staging/locations/us-central1";
    private EmulatorSession session = null!;
    private string first = null!;
    private string second = null!;

    public async Task InitializeAsync()
    {
        session = await EmulatorSession.StartAsync();
        first = (await session.CreateFunctionAsync("canaryFn"))["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();
        second = (await session.UpdateFunctionAsync("canaryFn", new Dictionary<string, string> { ["VERSION"] = "2" }))["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await session.DisposeAsync();

    [Fact]
    public async Task Service_reports_generations_full_latest_names_and_ready_condition()
    {
        var service = await session.GetJsonAsync($"{Parent}/services/canaryfn");

        Assert.Equal(service["generation"]!.GetValue<string>(), service["observedGeneration"]!.GetValue<string>());
        Assert.Equal($"projects/jobfinder-staging/locations/us-central1/services/canaryfn/revisions/{second}", service["latestCreatedRevision"]!.GetValue<string>());
        Assert.Equal(service["latestCreatedRevision"]!.GetValue<string>(), service["latestReadyRevision"]!.GetValue<string>());
        Assert.Equal("CONDITION_SUCCEEDED", service["terminalCondition"]!["state"]!.GetValue<string>());
        Assert.Null(service["reconciling"]);
        Assert.StartsWith("\"", service["etag"]!.GetValue<string>(), StringComparison.Ordinal);

        var revisions = await session.GetJsonAsync($"{Parent}/services/canaryfn/revisions?pageSize=1");
        Assert.Equal(second, revisions["revisions"]![0]!["name"]!.GetValue<string>().Split('/')[^1]);
        Assert.NotNull(revisions["nextPageToken"]);
    }

    [Fact]
    public async Task Weighted_split_of_10_90_lands_within_3_points_over_2000_requests_and_tags_get_their_own_url()
    {
        var done = await session.PatchTrafficAsync("canaryfn",
            [EmulatorSession.RevisionTarget(first, 90, "stable"), EmulatorSession.RevisionTarget(second, 10, "canary")]);
        Assert.Equal("type.googleapis.com/google.cloud.run.v2.Service", done["response"]!["@type"]!.GetValue<string>());
        var service = await session.GetJsonAsync($"{Parent}/services/canaryfn");
        var canaryUri = service["trafficStatuses"]!.AsArray().Single(t => t!["tag"]?.GetValue<string>() == "canary")!["uri"]!.GetValue<string>();

        using var client = session.NewClient(null);
        var hits = 0;
        for (var i = 0; i < 2000; i++)
        {
            using var response = await client.GetAsync(service["uri"]!.GetValue<string>());
            if (response.Headers.GetValues("x-emulator-revision").Single() == second)
            {
                hits++;
            }
        }

        Assert.InRange(hits / 20.0, 7.0, 13.0);
        using var tagged = await client.GetAsync(canaryUri + "/anything");
        Assert.Equal(second, tagged.Headers.GetValues("x-emulator-revision").Single());
    }

    [Fact]
    public async Task Traffic_not_summing_to_100_is_400_and_makes_no_change()
    {
        var before = await session.GetJsonAsync($"{Parent}/services/canaryfn");
        using var response = await session.Client.PatchAsync($"{Parent}/services/canaryfn?updateMask=traffic", EmulatorSession.Json(new JsonObject
        {
            ["traffic"] = new JsonArray(EmulatorSession.RevisionTarget(first, 50), EmulatorSession.RevisionTarget(second, 40)),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (await EmulatorSession.ReadAsync(response))["error"]!["status"]!.GetValue<string>());
        var after = await session.GetJsonAsync($"{Parent}/services/canaryfn");
        Assert.Equal(before["generation"]!.GetValue<string>(), after["generation"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stale_etag_is_409_aborted()
    {
        var stale = (await session.GetJsonAsync($"{Parent}/services/canaryfn"))["etag"]!.GetValue<string>();
        await session.PatchTrafficAsync("canaryfn", [EmulatorSession.RevisionTarget(second, 100)]);

        using var response = await session.Client.PatchAsync($"{Parent}/services/canaryfn?updateMask=traffic", EmulatorSession.Json(new JsonObject
        {
            ["etag"] = stale,
            ["traffic"] = new JsonArray(EmulatorSession.RevisionTarget(first, 100)),
        }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("ABORTED", (await EmulatorSession.ReadAsync(response))["error"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_revision_serving_traffic_cannot_be_deleted_and_an_idle_one_can()
    {
        await session.PatchTrafficAsync("canaryfn", [EmulatorSession.RevisionTarget(first, 100)]);
        using var refused = await session.Client.DeleteAsync($"{Parent}/services/canaryfn/revisions/{first}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", (await EmulatorSession.ReadAsync(refused))["error"]!["status"]!.GetValue<string>());

        var operation = await session.SendJsonAsync(HttpMethod.Delete, $"{Parent}/services/canaryfn/revisions/{second}");
        var done = await session.WaitOperationAsync(operation["name"]!.GetValue<string>());
        Assert.Equal("type.googleapis.com/google.cloud.run.v2.Revision", done["response"]!["@type"]!.GetValue<string>());
        using var gone = await session.Client.GetAsync($"{Parent}/services/canaryfn/revisions/{second}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Slow_reconcile_keeps_the_service_reconciling_wait_times_out_and_cancel_ends_it_with_code_1()
    {
        await session.SendJsonAsync(HttpMethod.Post, "_emulator/operation-faults", new JsonObject { ["api"] = "run", ["kind"] = "slow", ["delayMs"] = 600_000 });
        var service = await session.GetJsonAsync($"{Parent}/services/canaryfn");
        var operation = await session.SendJsonAsync(HttpMethod.Patch, $"run/{Parent}/services/canaryfn?updateMask=traffic", new JsonObject
        {
            ["etag"] = service["etag"]!.GetValue<string>(),
            ["traffic"] = new JsonArray(new JsonObject { ["type"] = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", ["percent"] = 100 }),
        });
        Assert.Null(operation["done"]);
        Assert.Equal("type.googleapis.com/google.cloud.run.v2.Service", operation["metadata"]!["@type"]!.GetValue<string>());
        var reconciling = await session.GetJsonAsync($"run/{Parent}/services/canaryfn");
        Assert.True(reconciling["reconciling"]!.GetValue<bool>());
        Assert.NotEqual(reconciling["generation"]!.GetValue<string>(), reconciling["observedGeneration"]!.GetValue<string>());

        var name = operation["name"]!.GetValue<string>();
        var waited = await session.SendJsonAsync(HttpMethod.Post, $"run/v2/{name}:wait", new JsonObject { ["timeout"] = "0.05s" });
        Assert.Null(waited["done"]);

        await session.SendJsonAsync(HttpMethod.Post, $"v2/{name}:cancel", new JsonObject());
        var cancelled = await session.GetJsonAsync("run/v2/" + name);
        Assert.True(cancelled["done"]!.GetValue<bool>());
        Assert.Equal(1, cancelled["error"]!["code"]!.GetValue<int>());
    }
}
