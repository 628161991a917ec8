using System.Net;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Admin;

public sealed class AdminApiTests : IAsyncLifetime
{
    private const string Functions = "v2/projects/jobfinder-staging/locations/us-central1/functions";
    private EmulatorSession session = null!;

    public async Task InitializeAsync() => session = await EmulatorSession.StartAsync();

    public async Task DisposeAsync() => await session.DisposeAsync();

    [Fact]
    public async Task Info_describes_the_instance()
    {
        var info = await session.GetJsonAsync("_emulator/info");
        Assert.Equal(session.Emulator.BaseAddress.ToString(), info["address"]!.GetValue<string>());
        Assert.Equal(session.Emulator.KeyFilePath, info["keyFilePath"]!.GetValue<string>());
        Assert.Equal("fast", info["profile"]!.GetValue<string>());
        Assert.Equal(3, info["projects"]!.AsArray().Count);
        var key = JsonNode.Parse(await File.ReadAllTextAsync(session.Emulator.KeyFilePath))!;
        Assert.Equal(session.Emulator.BaseAddress + "token", key["token_uri"]!.GetValue<string>());
    }

    [Fact]
    public async Task Injected_429_uses_the_envelope_with_retry_info_and_spares_other_apis_and_the_token_endpoint()
    {
        await session.SendJsonAsync(HttpMethod.Post, "_emulator/faults", new JsonObject
        {
            ["api"] = "cloudfunctions", ["rate"] = 1.0, ["codes"] = new JsonArray(429), ["retryAfterSeconds"] = 2,
        });

        using var faulted = await session.Client.GetAsync(Functions);
        Assert.Equal(HttpStatusCode.TooManyRequests, faulted.StatusCode);
        Assert.Equal("2", faulted.Headers.GetValues("Retry-After").Single());
        var error = (await EmulatorSession.ReadAsync(faulted))["error"]!;
        Assert.Equal("RESOURCE_EXHAUSTED", error["status"]!.GetValue<string>());
        Assert.Contains(error["details"]!.AsArray(), d => d!["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.RetryInfo" && d["retryDelay"]!.GetValue<string>() == "2s");
        using var run = await session.Client.GetAsync("v2/projects/jobfinder-staging/locations/us-central1/services");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);

        using var cleared = await session.Client.DeleteAsync("_emulator/faults");
        using var healthy = await session.Client.GetAsync("cloudfunctions/" + Functions);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task Request_log_records_api_calls_only_and_can_be_cleared()
    {
        using var _ = await session.Client.DeleteAsync("_emulator/requests");
        using var list = await session.Client.GetAsync("run/v2/projects/jobfinder-staging/locations/us-central1/services");
        using var notFound = await session.Client.GetAsync(Functions + "/missingFn");

        var requests = (await session.GetJsonAsync("_emulator/requests"))["requests"]!.AsArray();
        Assert.Equal(2, requests.Count);
        Assert.Equal("run", requests[0]!["api"]!.GetValue<string>());
        Assert.False(requests[0]!["mutating"]!.GetValue<bool>());
        Assert.Equal("owner", requests[0]!["principal"]!.GetValue<string>());
        Assert.Equal(404, requests[1]!["status"]!.GetValue<int>());
        Assert.True(requests[1]!["seq"]!.GetValue<long>() > requests[0]!["seq"]!.GetValue<long>());
    }

    [Fact]
    public async Task Reset_returns_to_the_seeded_state()
    {
        await session.CreateFunctionAsync("ephemeralFn");
        await session.SendJsonAsync(HttpMethod.Post, "_emulator/reset");
        using var gone = await session.Client.GetAsync(Functions + "/ephemeralFn");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
