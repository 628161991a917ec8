using System.Net;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Iam;

/// <summary>A gen2 function is private until an invoker is bound on its Run service; the runtime answers
/// 403 before the function runs, as Cloud Run does.</summary>
public sealed class InvokerIamTests
{
    [Fact]
    public async Task A_function_without_an_allUsers_invoker_answers_403_to_anonymous_callers_until_one_is_bound()
    {
        await using var session = await EmulatorSession.StartAsync();
        var created = await session.CreateFunctionAsync("privateFn", entryPoint: "someUnknownEntryPoint", makePublic: false);
        var url = created["response"]!["url"]!.GetValue<string>();
        var service = created["response"]!["serviceConfig"]!["service"]!.GetValue<string>();
        using var anonymous = session.NewClient(null);

        using var refused = await anonymous.PostAsync(url, EmulatorSession.Json(new JsonObject { ["data"] = 1 }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Forbidden", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Empty policy on both APIs until bound; the binding set through Run v1 is read back through Run v2.
        var before = await session.GetJsonAsync($"v2/{service}:getIamPolicy");
        Assert.Null(before["bindings"]);
        await session.SetInvokersAsync(service, "allUsers");
        var after = await session.GetJsonAsync($"v2/{service}:getIamPolicy");
        Assert.Equal("allUsers", after["bindings"]![0]!["members"]![0]!.GetValue<string>());

        using var served = await anonymous.PostAsync(url, EmulatorSession.Json(new JsonObject { ["data"] = 1 }));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_private_function_admits_the_service_accounts_bound_as_invokers_and_a_stale_etag_is_refused()
    {
        await using var session = await EmulatorSession.StartAsync();
        var created = await session.CreateFunctionAsync("scheduledFn", entryPoint: "someUnknownEntryPoint", makePublic: false);
        var url = created["response"]!["url"]!.GetValue<string>();
        var service = created["response"]!["serviceConfig"]!["service"]!.GetValue<string>();
        var tokens = session.Emulator.Services.GetRequiredService<AccessTokens>();
        using var invoker = session.NewClient(tokens.IssueIdToken("scheduler-sa@jobfinder-staging.iam.gserviceaccount.com", url));
        using var stranger = session.NewClient(tokens.IssueIdToken("someone-else@jobfinder-staging.iam.gserviceaccount.com", url));

        var policy = await session.SetInvokersAsync(service, "serviceAccount:scheduler-sa@jobfinder-staging.iam.gserviceaccount.com");
        using (var ok = await invoker.PostAsync(url, EmulatorSession.Json(new JsonObject { ["data"] = 1 })))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var no = await stranger.PostAsync(url, EmulatorSession.Json(new JsonObject { ["data"] = 1 })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, no.StatusCode);
        }

        // A read-modify-write that lost a race: the etag it read is no longer current.
        await session.SetInvokersAsync(service, "allUsers");
        using var stale = await session.Client.PostAsync($"v2/{service}:setIamPolicy", EmulatorSession.Json(new JsonObject
        {
            ["policy"] = new JsonObject { ["bindings"] = new JsonArray(), ["etag"] = policy["etag"]!.GetValue<string>() },
        }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        // The function's own policy is separate (cloudfunctions-v2 functions.getIamPolicy).
        var functionPolicy = await session.GetJsonAsync($"v2/projects/{EmulatorSession.Project}/locations/{EmulatorSession.Location}/functions/scheduledFn:getIamPolicy");
        Assert.Null(functionPolicy["bindings"]);
        using var bad = await session.Client.PostAsync($"v1/{service}:setIamPolicy", EmulatorSession.Json(new JsonObject
        {
            ["policy"] = new JsonObject { ["bindings"] = new JsonArray(new JsonObject { ["role"] = "roles/run.invoker", ["members"] = new JsonArray("everyone") }) },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
