using System.Net;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Scheduler;

/// <summary>Cloud Scheduler jobs fire their HTTP target on schedule with an OIDC token of their service
/// account; a sped-up clock (<c>/_emulator/scheduler</c>) makes a daily job fire within the test.</summary>
public sealed class CloudSchedulerTests
{
    private const string Jobs = $"v1/projects/{EmulatorSession.Project}/locations/{EmulatorSession.Location}/jobs";

    [Fact]
    public async Task A_daily_job_fires_the_scheduled_function_with_its_service_accounts_token_and_fails_403_without_an_invoker_binding()
    {
        await using var session = await EmulatorSession.StartAsync();
        var created = await session.CreateFunctionAsync("cleanupFn", entryPoint: "someUnknownEntryPoint", makePublic: false);
        var url = created["response"]!["url"]!.GetValue<string>();
        var service = created["response"]!["serviceConfig"]!["service"]!.GetValue<string>();
        var account = ProjectNumbers.ComputeServiceAccount(EmulatorSession.Project);
        // The job firebase-tools builds for a v2 scheduled function (src/gcp/cloudscheduler.ts jobFromEndpoint).
        var job = await session.SendJsonAsync(HttpMethod.Post, Jobs, new JsonObject
        {
            ["name"] = $"{Jobs[3..]}/firebase-schedule-cleanupFn-us-central1",
            ["schedule"] = "every day 03:00",
            ["timeZone"] = "Etc/UTC",
            ["httpTarget"] = new JsonObject { ["uri"] = url, ["httpMethod"] = "POST", ["oidcToken"] = new JsonObject { ["serviceAccountEmail"] = account } },
            ["attemptDeadline"] = "180s",
        });
        Assert.Equal("ENABLED", job["state"]!.GetValue<string>());
        Assert.Equal("180s", job["attemptDeadline"]!.GetValue<string>());
        var info = await session.GetJsonAsync("_emulator/info");
        Assert.Equal(1, info["schedulerTimeScale"]!.GetValue<double>());

        // One scheduled day a second: the job fires; the function is private, so Cloud Run refuses it.
        await session.SendJsonAsync(HttpMethod.Post, "_emulator/scheduler", new JsonObject { ["timeScale"] = 86400 });
        var refused = await WaitForAttemptAsync(session, job["name"]!.GetValue<string>(), since: null);
        Assert.Equal(7, refused["status"]!["code"]!.GetValue<int>());

        // firebase-tools binds the function's service account as its invoker; the next run succeeds.
        await session.SetInvokersAsync(service, "serviceAccount:" + account);
        var succeeded = await WaitForAttemptAsync(session, job["name"]!.GetValue<string>(), since: refused["lastAttemptTime"]!.GetValue<string>(), wantOk: true);
        Assert.Null(succeeded["status"]!["code"]);
    }

    [Theory]
    [InlineData("every tuesday at noon")]
    [InlineData("61 * * * *")]
    [InlineData("* * *")]
    public async Task A_schedule_cloud_scheduler_cannot_parse_is_refused(string schedule)
    {
        await using var session = await EmulatorSession.StartAsync();
        using var response = await session.Client.PostAsync(Jobs, EmulatorSession.Json(new JsonObject
        {
            ["name"] = $"{Jobs[3..]}/bad",
            ["schedule"] = schedule,
            ["httpTarget"] = new JsonObject { ["uri"] = "http://127.0.0.1/x" },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Schedule has invalid format", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_with_a_mask_changes_only_the_masked_fields_and_pause_stops_the_schedule()
    {
        await using var session = await EmulatorSession.StartAsync();
        var name = $"{Jobs[3..]}/patched";
        await session.SendJsonAsync(HttpMethod.Post, Jobs, new JsonObject
        {
            ["name"] = name,
            ["schedule"] = "0 3 * * *",
            ["timeZone"] = "Europe/Berlin",
            ["httpTarget"] = new JsonObject { ["uri"] = "http://127.0.0.1/x", ["httpMethod"] = "POST" },
        });
        var patched = await session.SendJsonAsync(HttpMethod.Patch, $"v1/{name}?updateMask=schedule", new JsonObject { ["schedule"] = "*/5 * * * *", ["timeZone"] = "America/New_York" });
        Assert.Equal("*/5 * * * *", patched["schedule"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", patched["timeZone"]!.GetValue<string>());
        var paused = await session.SendJsonAsync(HttpMethod.Post, $"v1/{name}:pause", new JsonObject());
        Assert.Equal("PAUSED", paused["state"]!.GetValue<string>());
        await session.SendJsonAsync(HttpMethod.Delete, $"v1/{name}");
        using var gone = await session.Client.GetAsync($"v1/{name}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>Polls the job until an attempt newer than <paramref name="since"/> has a status (bounded polls).</summary>
    private static async Task<JsonObject> WaitForAttemptAsync(EmulatorSession session, string name, string? since, bool wantOk = false)
    {
        for (var i = 0; i < 400; i++)
        {
            var job = await session.GetJsonAsync("v1/" + name);
            var attempted = job["lastAttemptTime"]?.GetValue<string>();
            if (attempted is not null && attempted != since && job["status"] is JsonObject status && (!wantOk || status["code"] is null))
            {
                return job;
            }

            await Task.Delay(25);
        }

        throw new Xunit.Sdk.XunitException($"Job {name} never fired.");
    }
}
