using System.Net;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Runtime;

public sealed class FaultKnobTests
{
    [Fact]
    public async Task Timeout_knob_answers_504_and_unknown_entry_points_answer_the_default_callable_result()
    {
        await using var session = await EmulatorSession.StartAsync();
        var slow = await session.CreateFunctionAsync("slowFn", new Dictionary<string, string> { ["EMULATOR_FAULT_TIMEOUT_RATE"] = "1" }, entryPoint: "someUnknownEntryPoint");
        var plain = await session.CreateFunctionAsync("plainFn", entryPoint: "anotherUnknownEntryPoint");
        using var client = session.NewClient(null);

        using var timedOut = await client.PostAsync(slow["response"]!["url"]!.GetValue<string>(), EmulatorSession.Json(new System.Text.Json.Nodes.JsonObject { ["data"] = 1 }));
        Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);

        using var ok = await client.PostAsync(plain["response"]!["url"]!.GetValue<string>() + "/sub/path", EmulatorSession.Json(new System.Text.Json.Nodes.JsonObject { ["data"] = 1 }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True((await EmulatorSession.ReadAsync(ok))["result"]!["ok"]!.GetValue<bool>());

        using var missing = await client.GetAsync(session.Emulator.BaseAddress + "_run/jobfinder-staging/us-central1/nosuchservice");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("401", HttpStatusCode.Unauthorized, "UNAUTHENTICATED")]
    [InlineData("403", HttpStatusCode.Forbidden, "PERMISSION_DENIED")]
    public async Task Reject_token_knob_refuses_every_bearer_token_and_serves_calls_without_one(string knob, HttpStatusCode expected, string status)
    {
        await using var session = await EmulatorSession.StartAsync();
        var function = await session.CreateFunctionAsync("rejectsFn" + knob, new Dictionary<string, string> { ["EMULATOR_FAULT_REJECT_TOKEN"] = knob }, entryPoint: "someUnknownEntryPoint");
        var url = function["response"]!["url"]!.GetValue<string>();

        using var withToken = session.NewClient("any-token-at-all");
        using var refused = await withToken.PostAsync(url, EmulatorSession.Json(new System.Text.Json.Nodes.JsonObject { ["data"] = 1 }));
        Assert.Equal(expected, refused.StatusCode);
        Assert.Equal(status, (await EmulatorSession.ReadAsync(refused))["error"]!["status"]!.GetValue<string>());

        using var anonymous = session.NewClient(null);
        using var served = await anonymous.PostAsync(url, EmulatorSession.Json(new System.Text.Json.Nodes.JsonObject { ["data"] = 1 }));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
