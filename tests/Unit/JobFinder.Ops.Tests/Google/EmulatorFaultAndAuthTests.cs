using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Run;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

/// <summary>Retries against injected faults, failing/slow operations, the service-account flow and the
/// secrecy of events. Own emulator: fault knobs are emulator-wide.</summary>
public sealed class EmulatorFaultAndAuthTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Project = EmulatorFixture.Project;
    private const string Location = EmulatorFixture.Location;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await fixture.DeleteAdminAsync("_emulator/faults");
        await fixture.DeleteAdminAsync("_emulator/operation-faults");
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task InjectedFaultIsRetriedHonouringRetryAfter(int status)
    {
        await fixture.PostAdminAsync("_emulator/faults", new { api = "run", rate = 1.0, codes = new[] { status }, retryAfterSeconds = 1 });
        var events = new ClearFaultsOnRetrySink(fixture);
        var run = new CloudRunApi(fixture.Client(events));

        var services = await run.ListServicesAsync(Project, Location).ToListAsync();

        Assert.NotNull(services);
        var retry = Assert.Single(events.Events, e => e.Kind == EngineEventKind.Verbose && e.Message.StartsWith("Retrying", StringComparison.Ordinal));
        Assert.StartsWith($"Retrying GET {fixture.Host}/run/v2/projects/{Project}/locations/{Location}/services after {status} (attempt 2 of 4, waiting 1 s)", retry.Message);
    }

    [Fact]
    public async Task NonRetryableErrorSurfacesWithItsReasonAfterOneAttempt()
    {
        using var viewer = await fixture.ConnectAsync(fixture.Emulator.ReadOnlyKeyFilePath);
        var events = new CollectingEventSink();
        var functions = new CloudFunctionsApi(new GoogleRestClient(viewer, events));

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => functions.DeleteAsync(new FunctionName(Project, Location, "anything")));

        Assert.Equal("GoogleApiPermissionDenied", error.ErrorId);
        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal("IAM_PERMISSION_DENIED", error.Reason);
        Assert.Equal("DELETE", error.Method);
        Assert.Single(events.Events, e => e.Kind == EngineEventKind.Debug);
    }

    [Fact]
    public async Task FailingOperationThrowsWithTheOperationName()
    {
        await fixture.PostAdminAsync("_emulator/operation-faults", new { api = "cloudfunctions", kind = "fail", count = 1, message = "Build failed: injected" });
        var functions = new CloudFunctionsApi(fixture.Client());
        var upload = await functions.GenerateUploadUrlAsync(Project, Location);
        await functions.UploadSourceAsync(upload.UploadUrl!, EmulatorFixture.SourceZip());
        var operation = await functions.CreateAsync(new FunctionName(Project, Location, fixture.NewFunctionId("lrofail")), EmulatorFixture.FunctionBody(upload.StorageSource!));

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => functions.WaitForFunctionAsync(operation));

        Assert.Equal(operation.Name, error.OperationName);
        Assert.Contains("injected", error.ApiMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowOperationTimesOutAndCanBeCancelled()
    {
        await fixture.PostAdminAsync("_emulator/operation-faults", new { api = "cloudfunctions", kind = "slow", count = 2, delayMs = 30000 });
        var events = new CollectingEventSink();
        var functions = new CloudFunctionsApi(fixture.Client(events));
        var first = await StartCreateAsync(functions, "slowa");

        var timeout = await Assert.ThrowsAsync<JobFinderException>(() => functions.WaitAsync(first, OperationPollOptions.Fast with { Timeout = TimeSpan.FromMilliseconds(300) }));
        Assert.Equal("OperationTimedOut", timeout.ErrorId);
        Assert.Equal(first.Name, timeout.Target);

        var second = await StartCreateAsync(functions, "slowb");
        using var cancellation = new CancellationTokenSource();
        var cancelAfterFirstPoll = new CancelOnDebugSink(cancellation, second.Name!);
        var client = new CloudFunctionsApi(fixture.Client(cancelAfterFirstPoll));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitAsync(second, OperationPollOptions.Fast with { Timeout = TimeSpan.FromMinutes(1) }, cancellation.Token));
        Assert.True(cancelAfterFirstPoll.Polls >= 1);
    }

    [Fact]
    public async Task ServiceAccountKeyFileExchangesAJwtAtTheEmulatorTokenEndpoint()
    {
        using var key = JsonDocument.Parse(await File.ReadAllTextAsync(fixture.Emulator.KeyFilePath));
        Assert.StartsWith(fixture.Emulator.BaseAddress.AbsoluteUri, key.RootElement.GetProperty("token_uri").GetString());

        using var connection = await fixture.ConnectAsync(fixture.Emulator.KeyFilePath);
        var token = await connection.Credential.GetAccessTokenForRequestAsync();
        Assert.False(string.IsNullOrEmpty(token));
        Assert.NotEqual(GoogleConnection.EmulatorOwnerToken, token);
        Assert.Equal(key.RootElement.GetProperty("client_email").GetString(), connection.Principal);

        var page = await new CloudFunctionsApi(new GoogleRestClient(connection)).ListPageAsync(Project, "-", null, null, null, null);
        Assert.NotNull(page);
        using var log = JsonDocument.Parse(await fixture.Admin.GetStringAsync("_emulator/requests"));
        Assert.Contains(log.RootElement.GetProperty("requests").EnumerateArray(), r => r.GetProperty("principal").GetString() == connection.Principal);
    }

    [Fact]
    public async Task NoTokenKeyOrSecretValueAppearsInEventsOrErrors()
    {
        const string secretValue = "s3cr3t-value-that-must-not-leak";
        var events = new CollectingEventSink();
        var client = fixture.Client(events);
        var functions = new CloudFunctionsApi(client);
        var token = await fixture.Connection.Credential.GetAccessTokenForRequestAsync();
        using var key = JsonDocument.Parse(await File.ReadAllTextAsync(fixture.Emulator.KeyFilePath));
        var privateKey = key.RootElement.GetProperty("private_key").GetString()!;
        var keyBody = privateKey.Split('\n')[1];

        var deployed = await fixture.DeployAsync(functions, fixture.NewFunctionId("secret"), new Dictionary<string, string> { ["API_SECRET"] = secretValue });
        var failure = await Assert.ThrowsAsync<GoogleApiException>(() => functions.GetAsync(new FunctionName(Project, Location, "does-not-exist")));

        Assert.Equal(secretValue, deployed.ServiceConfig?.EnvironmentVariables?["API_SECRET"]);
        var everything = string.Join('\n', events.Events.Select(e => e.Message + " " + e.Progress?.Activity + " " + e.Progress?.Status)) + failure.Message;
        Assert.Contains("Debug", events.Events.Select(e => e.Kind.ToString()));
        Assert.Contains("gcf-uploads", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(keyBody, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(secretValue, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", everything, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<Operation> StartCreateAsync(CloudFunctionsApi functions, string prefix)
    {
        var upload = await functions.GenerateUploadUrlAsync(Project, Location);
        await functions.UploadSourceAsync(upload.UploadUrl!, EmulatorFixture.SourceZip());
        return await functions.CreateAsync(new FunctionName(Project, Location, fixture.NewFunctionId(prefix)), EmulatorFixture.FunctionBody(upload.StorageSource!));
    }

    /// <summary>Clears the emulator's faults when the client announces its retry, so exactly one
    /// attempt fails whatever the fault rate's dice say.</summary>
    private sealed class ClearFaultsOnRetrySink(EmulatorFixture fixture) : IEngineEventSink
    {
        private readonly CollectingEventSink _inner = new();

        public IReadOnlyCollection<EngineEvent> Events => _inner.Events;

        public void Emit(EngineEvent engineEvent)
        {
            _inner.Emit(engineEvent);
            if (engineEvent.Message.StartsWith("Retrying", StringComparison.Ordinal))
            {
                using var response = fixture.Admin.Send(new HttpRequestMessage(HttpMethod.Delete, "_emulator/faults"));
                response.EnsureSuccessStatusCode();
            }
        }
    }

    /// <summary>Plays Ctrl+C once the operation has been polled.</summary>
    private sealed class CancelOnDebugSink(CancellationTokenSource cancellation, string operationName) : IEngineEventSink
    {
        private int _polls;

        public int Polls => _polls;

        public void Emit(EngineEvent engineEvent)
        {
            if (engineEvent.Kind == EngineEventKind.Debug && engineEvent.Message.Contains(operationName, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _polls);
                cancellation.Cancel();
            }
        }
    }
}
