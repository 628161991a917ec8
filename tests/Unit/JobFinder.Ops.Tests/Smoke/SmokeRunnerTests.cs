using System.Text;
using System.Text.Json;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using JobFinder.Ops.Smoke;
using JobFinder.Ops.Tests.Google;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace JobFinder.Ops.Tests.Smoke;

/// <summary>The runner over real HTTP: functions deployed to the emulator, and a loopback server where
/// a test needs to see the request (auth headers) or script the answer (retries, timeouts).</summary>
public sealed class SmokeRunnerTests(SmokeEmulatorFixture fixture) : IClassFixture<SmokeEmulatorFixture>
{
    private static SmokeAssertion Assert_(string text) => SmokeAssertionParser.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem);

    private SmokeRunner Runner(TimeProvider? time = null, IEngineEventSink? events = null) =>
        new(events is null ? fixture.Client() : fixture.Client().WithEvents(events), time) { RetryDelay = TimeSpan.FromMilliseconds(10) };

    private static SmokeCheckDefinition Check(string name, string function, params string[] assertions) =>
        new() { Name = name, Function = function, Method = "POST", Body = "{\"data\":{}}", Assertions = assertions.Select(Assert_).ToArray(), Retries = 0, Timeout = TimeSpan.FromSeconds(10) };

    private Task<SmokeReport> RunAsync(SmokeRunOptions options, SmokeSettings? settings = null, SmokeRunner? runner = null, IEngineEventSink? events = null) =>
        (runner ?? Runner(events: events)).RunAsync(SmokeEmulatorFixture.Project, SmokeEmulatorFixture.Location, settings ?? new SmokeSettings(), options with { Environment = fixture.SmokeUserEnvironment });

    [Fact]
    public async Task AHealthyReleasePassesEveryCheckAgainstTheLiveUrls()
    {
        var a = fixture.NewFunctionId("live");
        var b = fixture.NewFunctionId("live");
        await fixture.DeployAsync(a);
        await fixture.DeployAsync(b);

        var report = await RunAsync(new SmokeRunOptions
        {
            Checks = [Check("first", a, "$.result.ok == true"), Check("second", b, "$.result.ok exists", "$.result.ok != false"), Check("get", a) with { Method = "GET", Body = null }],
        });

        Assert.True(report.Passed, report.Summary);
        Assert.Equal(3, report.PassedCount);
        Assert.All(report.Checks, c =>
        {
            Assert.Equal("live", c.Target);
            Assert.Equal(200, c.StatusCode);
            Assert.StartsWith(fixture.Emulator.BaseAddress.AbsoluteUri + "_run/", c.Url, StringComparison.Ordinal);
            Assert.Equal(1, c.Attempts);
        });
        Assert.Equal("live", report.Target);
        Assert.True(report.P95Ms >= report.P50Ms);
    }

    [Fact]
    public async Task AFailingAssertionIsNamedWithTheResponseExcerpt()
    {
        var id = fixture.NewFunctionId("fail");
        await fixture.DeployAsync(id);

        var report = await RunAsync(new SmokeRunOptions { Checks = [Check("Job submission", id, "$.result.ok == true", "$.result.success == true") with { Retries = 2 }] });

        var check = Assert.Single(report.Checks);
        Assert.False(report.Passed);
        Assert.False(check.Passed);
        Assert.Equal("$.result.success == true", check.FailedAssertion);
        Assert.Contains("assertion '$.result.success == true' failed: $.result.success is missing", check.Reason, StringComparison.Ordinal);
        Assert.Equal("{\"result\":{\"ok\":true}}", check.ResponseExcerpt);
        Assert.Equal(1, check.Attempts); // a definite answer is not retried
        Assert.Contains("Job submission", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowRevisionBreaksTheP95Sla()
    {
        var id = fixture.NewFunctionId("slow");
        await fixture.DeployAsync(id, new() { ["EMULATOR_FAULT_LATENCY_MS"] = "300" });

        var report = await RunAsync(
            new SmokeRunOptions { Checks = [Check("slow one", id, "$.result.ok == true"), Check("slow two", id)] },
            new SmokeSettings { P95SlaMs = 250 });

        Assert.All(report.Checks, c => Assert.True(c.Passed));
        Assert.True(report.P95Ms >= 300);
        Assert.False(report.SlaMet);
        Assert.False(report.Passed);
        Assert.Contains("breaks the SLA of 250 ms", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTagUrlReachesARevisionThatServesNoTraffic()
    {
        var id = fixture.NewFunctionId("tag");
        var first = await fixture.DeployAsync(id);
        var second = await fixture.UpdateAsync(id, new() { ["EMULATOR_FAULT_ERROR_RATE"] = "1" });
        var stable = first.ServiceConfig!.Revision!;
        var canary = second.ServiceConfig!.Revision!;
        Assert.NotEqual(stable, canary);
        await fixture.PinAsync(second, stable, canary);
        var checks = new SmokeRunOptions { Checks = [Check("probe", id, "$.result.ok == true")] };

        var live = await RunAsync(checks);
        var canaryReport = await RunAsync(checks with { Target = SmokeTarget.Parse("canary") });
        var byRevisionName = await RunAsync(checks with { Target = SmokeTarget.Tag(canary) });
        var stableReport = await RunAsync(checks with { Target = SmokeTarget.Tag("stable") });

        Assert.True(live.Passed, live.Summary); // users (100% stable) are fine
        var failed = Assert.Single(canaryReport.Checks);
        Assert.False(failed.Passed); // the 0% revision answers 500, and only its tag URL shows it
        Assert.Equal(500, failed.StatusCode);
        Assert.Equal("canary", failed.Target);
        Assert.Equal(canary, failed.Revision);
        Assert.Contains("canary---", failed.Url, StringComparison.Ordinal);
        Assert.Equal(canary, Assert.Single(byRevisionName.Checks).Revision);
        Assert.Equal(stable, Assert.Single(stableReport.Checks).Revision);
        Assert.True(stableReport.Passed, stableReport.Summary);
    }

    [Fact]
    public async Task AnUnknownTagOrMissingFunctionFailsThatCheckWithTheReason()
    {
        var id = fixture.NewFunctionId("notag");
        await fixture.DeployAsync(id);
        var events = new CollectingEventSink();

        var report = await RunAsync(
            new SmokeRunOptions { Target = SmokeTarget.Tag("canary"), Checks = [Check("untagged", id), Check("absent", "doesNotExist")] },
            events: events);

        Assert.Contains("SmokeTagNotFound", report.Checks[0].Reason, StringComparison.Ordinal);
        Assert.Contains("NotFound", report.Checks[1].Reason, StringComparison.Ordinal);
        Assert.Contains(events.Events, e => e.Kind == EngineEventKind.Warning && e.Message.Contains("untagged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FirebaseIdTokensAreMintedSentCachedAndRefreshedBeforeExpiry()
    {
        await using var server = await LoopbackServer.StartAsync();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var runner = Runner(time);
        var options = new SmokeRunOptions
        {
            Checks = [UrlCheck(server, "one", SmokeCheckAuth.FirebaseIdToken), UrlCheck(server, "two", SmokeCheckAuth.FirebaseIdToken)],
        };

        var first = await RunAsync(options, runner: runner);
        Assert.True(first.Passed, first.Summary);
        Assert.Equal(1, runner.TokensMinted); // two checks, one sign-in
        var token = Bearer(server.Requests[0]);
        Assert.Equal(token, Bearer(server.Requests[1]));
        using (var claims = Claims(token))
        {
            Assert.Equal(fixture.Emulator.TestUser.Email, claims.RootElement.GetProperty("email").GetString());
            Assert.StartsWith("https://securetoken.google.com/", claims.RootElement.GetProperty("iss").GetString(), StringComparison.Ordinal);
        }

        time.Advance(TimeSpan.FromMinutes(50)); // still valid beyond the refresh margin
        await RunAsync(options, runner: runner);
        Assert.Equal(1, runner.TokensMinted);

        time.Advance(TimeSpan.FromMinutes(6)); // 56 min: within 5 min of the hour's expiry
        var refreshed = await RunAsync(options, runner: runner);
        Assert.True(refreshed.Passed, refreshed.Summary);
        Assert.Equal(2, runner.TokensMinted);
    }

    [Fact]
    public async Task OidcIdentityTokensAreMintedForTheUrlAudienceFromTheKeyFile()
    {
        await using var server = await LoopbackServer.StartAsync();
        var runner = Runner();

        var report = await RunAsync(new SmokeRunOptions { Checks = [UrlCheck(server, "private", SmokeCheckAuth.Oidc)] }, runner: runner);

        Assert.True(report.Passed, report.Summary);
        using var claims = Claims(Bearer(server.Requests[0]));
        Assert.Equal(server.BaseAddress.AbsoluteUri.TrimEnd('/'), claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal("https://accounts.google.com", claims.RootElement.GetProperty("iss").GetString());
        Assert.StartsWith("jobfinder-deployer@", claims.RootElement.GetProperty("email").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensNeverReachTheReportOrTheEventsEvenWhenTheFunctionEchoesThem()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = context => LoopbackServer.Json(context, 401, JsonSerializer.Serialize(new { echo = context.Request.Headers.Authorization.ToString() }));
        var events = new CollectingEventSink();

        var report = await RunAsync(
            new SmokeRunOptions { Checks = [UrlCheck(server, "firebase", SmokeCheckAuth.FirebaseIdToken), UrlCheck(server, "oidc", SmokeCheckAuth.Oidc)] },
            events: events);

        var tokens = server.Requests.Select(Bearer).ToArray();
        Assert.Equal(2, tokens.Length);
        var everything = SmokeJsonLines.Serialize(report) + string.Join("\n", events.Events.Select(e => e.Message));
        using (var junit = new MemoryStream())
        {
            SmokeJUnitWriter.Write(report, junit);
            everything += Encoding.UTF8.GetString(junit.ToArray());
        }

        Assert.All(tokens, t => Assert.DoesNotContain(t, everything, StringComparison.Ordinal));
        Assert.All(tokens, t => Assert.DoesNotContain(t.Split('.')[1][..40], everything, StringComparison.Ordinal)); // not even a cut piece of the claims
        Assert.DoesNotContain(fixture.Emulator.TestUser.Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Emulator.ApiKey, everything, StringComparison.Ordinal);
        Assert.All(report.Checks, c => Assert.Contains("Bearer " + SecretRedactor.Replacement, c.ResponseExcerpt, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongTestUserCredentialsFailTheCheckWithoutPrintingThePassword()
    {
        await using var server = await LoopbackServer.StartAsync();
        var report = await RunAsync(new SmokeRunOptions
        {
            Checks = [UrlCheck(server, "signed-in", SmokeCheckAuth.FirebaseIdToken)],
            User = new System.Net.NetworkCredential(fixture.Emulator.TestUser.Email, "wrong-password-123"),
        });

        var check = Assert.Single(report.Checks);
        Assert.False(check.Passed);
        Assert.Equal("SmokeCredentialsRejected", check.ErrorId);
        Assert.Contains("INVALID_LOGIN_CREDENTIALS", check.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-123", check.Reason, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        var problem = Assert.IsType<SmokeCredentialProblem>(report.CredentialProblem);
        Assert.Equal("test user", problem.Credential);
        Assert.Equal("-Credential", problem.Source);
        Assert.Equal(["signed-in"], problem.Checks);
    }

    [Fact]
    public async Task AnApiKeyOfAnotherProjectIsACredentialProblemAndNoCheckSendsItsToken()
    {
        // The issue's first-day mistake: JOBFINDER_API_KEY of production while testing staging. The key is
        // valid, so the sign-in works, but the token is production's and staging's functions would answer
        // 401 to every signed-in check, as if the release were broken.
        await using var server = await LoopbackServer.StartAsync();
        var otherProjectKey = fixture.Emulator.ApiKeyFor("jobfinder-prod");
        var report = await Runner().RunAsync(SmokeEmulatorFixture.Project, SmokeEmulatorFixture.Location, new SmokeSettings(), new SmokeRunOptions
        {
            Checks = [UrlCheck(server, "one", SmokeCheckAuth.FirebaseIdToken), UrlCheck(server, "two", SmokeCheckAuth.FirebaseIdToken), UrlCheck(server, "anonymous", SmokeCheckAuth.None)],
            Environment = name => name == "JOBFINDER_API_KEY" ? otherProjectKey : fixture.SmokeUserEnvironment(name),
        });

        Assert.Equal(["/anonymous"], server.Requests.Select(r => r.PathAndQuery));
        Assert.All(report.Checks.Where(c => c.Auth == SmokeCheckAuth.FirebaseIdToken), c => Assert.Equal("SmokeCredentialsRejected", c.ErrorId));
        var problem = Assert.IsType<SmokeCredentialProblem>(report.CredentialProblem);
        Assert.Equal("API key", problem.Credential);
        Assert.Equal("JOBFINDER_API_KEY", problem.Source);
        Assert.Equal(SmokeEmulatorFixture.Project, problem.ProjectId);
        Assert.Equal(["one", "two"], problem.Checks.Order(StringComparer.Ordinal));
        Assert.Contains("Firebase project jobfinder-prod", problem.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(otherProjectKey, problem.Summary + problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifySignInStopsOnAWrongKeyBeforeAnyFunctionIsCalledAndKeepsAGoodToken()
    {
        await using var server = await LoopbackServer.StartAsync();
        var project = SmokeProject([UrlCheck(server, "signed-in", SmokeCheckAuth.FirebaseIdToken)]);
        var wrongKey = new SmokeRunOptions { Environment = name => name == "JOBFINDER_API_KEY" ? fixture.Emulator.ApiKeyFor("portfolio-site") : fixture.SmokeUserEnvironment(name) };

        var error = await Assert.ThrowsAsync<SmokeCredentialsException>(() => Runner().VerifySignInAsync(project, project.Settings.Smoke.Checks, wrongKey));
        Assert.Equal("SmokeCredentialsRejected", error.ErrorId);
        Assert.Equal(Errors.ErrorKind.AuthenticationError, error.Kind);
        Assert.Equal("JOBFINDER_API_KEY", error.Target);
        Assert.Equal(["signed-in"], error.Problem.Checks);
        Assert.NotNull(error.RecommendedAction);
        Assert.Empty(server.Requests);

        var runner = Runner();
        await runner.VerifySignInAsync(project, project.Settings.Smoke.Checks, new SmokeRunOptions { Environment = fixture.SmokeUserEnvironment });
        var report = await runner.RunAsync(project, new SmokeRunOptions { Environment = fixture.SmokeUserEnvironment });
        Assert.True(report.Passed, report.Summary);
        Assert.Equal(1, runner.TokensMinted); // the checks carried the token the verification minted
    }

    private static JobFinderProject SmokeProject(IReadOnlyList<SmokeCheckDefinition> checks) => new()
    {
        RootPath = Path.GetTempPath(),
        FirebaseJsonPath = Path.Combine(Path.GetTempPath(), "firebase.json"),
        ProjectId = SmokeEmulatorFixture.Project,
        Region = SmokeEmulatorFixture.Location,
        Codebases = [],
        Settings = OpsSettingsReader.Defaults(SmokeEmulatorFixture.Project, Path.GetTempPath()) with { Smoke = new SmokeSettings { Checks = checks } },
    };

    [Fact]
    public async Task MissingCredentialVariablesAreNamed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var report = await Runner().RunAsync(
            SmokeEmulatorFixture.Project,
            SmokeEmulatorFixture.Location,
            new SmokeSettings { Auth = new SmokeAuthSettings { ApiKeyEnvVar = "MY_KEY_VAR" } },
            new SmokeRunOptions { Checks = [UrlCheck(server, "needs-user", SmokeCheckAuth.FirebaseIdToken)], Environment = _ => null });

        Assert.Contains("SmokeCredentialMissing", report.Checks[0].Reason, StringComparison.Ordinal);
        Assert.Contains("MY_KEY_VAR", report.Checks[0].Reason, StringComparison.Ordinal);
        Assert.Equal("MY_KEY_VAR", report.CredentialProblem?.Source);
    }

    [Fact]
    public async Task TransientFailuresAreRetriedAndTimeoutsReported()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.ThenJson(503, "{\"error\":\"busy\"}").ThenJson(200, "{\"ok\":true}");
        var retried = await RunAsync(new SmokeRunOptions { Checks = [UrlCheck(server, "flaky", SmokeCheckAuth.None) with { Retries = 1 }] });
        Assert.True(retried.Passed, retried.Summary);
        Assert.Equal(2, retried.Checks[0].Attempts);

        server.Fallback = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            await LoopbackServer.Json(context, 200, "{}");
        };
        var slow = await RunAsync(new SmokeRunOptions { Checks = [UrlCheck(server, "hangs", SmokeCheckAuth.None) with { Retries = 1, Timeout = TimeSpan.FromMilliseconds(100) }] });
        var check = Assert.Single(slow.Checks);
        Assert.False(check.Passed);
        Assert.Null(check.StatusCode);
        Assert.Equal(2, check.Attempts);
        Assert.Contains("no answer within the timeout of 0.1 s", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoMoreChecksThanTheConcurrencyLimitAreInFlight()
    {
        await using var server = await LoopbackServer.StartAsync();
        var inFlight = 0;
        var peak = 0;
        server.Fallback = async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref inFlight);
            await LoopbackServer.Json(context, 200, "{}");
        };

        var report = await RunAsync(new SmokeRunOptions
        {
            Concurrency = 3,
            Checks = Enumerable.Range(0, 9).Select(i => UrlCheck(server, $"c{i}", SmokeCheckAuth.None)).ToArray(),
        });

        Assert.True(report.Passed, report.Summary);
        Assert.InRange(peak, 2, 3);
    }

    private static SmokeCheckDefinition UrlCheck(LoopbackServer server, string name, SmokeCheckAuth auth) =>
        new() { Name = name, Url = server.BaseAddress.AbsoluteUri.TrimEnd('/'), Path = "/" + name, Auth = auth, Retries = 0, Timeout = TimeSpan.FromSeconds(10) };

    private static string Bearer(RecordedRequest request)
    {
        Assert.True(request.Headers.TryGetValue("Authorization", out var header), "no Authorization header");
        Assert.StartsWith("Bearer ", header, StringComparison.Ordinal);
        return header["Bearer ".Length..];
    }

    private static JsonDocument Claims(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
