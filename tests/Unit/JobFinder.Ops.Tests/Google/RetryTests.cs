using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

public sealed class RetryTests : IAsyncLifetime
{
    private const string RetryInfo429 = """{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.020s"}""";
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task ReadIsRetriedOnTransientStatusAndSucceeds(int status)
    {
        _server.ThenJson(status, LoopbackServer.GoogleError(status, "UNAVAILABLE", "try again"), ("Retry-After", "0"));
        var (client, events) = await ClientAsync();

        await client.SendAsync(Get("v2/projects/p/locations/l/services/s"), GoogleJsonContext.Default.Empty, CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count);
        var retry = Assert.Single(events.Events, e => e.Kind == EngineEventKind.Verbose);
        Assert.StartsWith($"Retrying GET 127.0.0.1:{_server.BaseAddress.Port}/v2/projects/p/locations/l/services/s after {status} (attempt 2 of 4, waiting 0 s)", retry.Message);
    }

    [Fact]
    public async Task RetryAfterSecondsIsTheWait()
    {
        _server.ThenJson(503, LoopbackServer.GoogleError(503, "UNAVAILABLE", "busy"), ("Retry-After", "1"));
        var (client, events) = await ClientAsync();

        await client.SendAsync(Get("v1/x"), GoogleJsonContext.Default.Empty, CancellationToken.None);

        Assert.Contains(events.Events, e => e.Message.Contains("after 503 (attempt 2 of 4, waiting 1 s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetryAfterHttpDateIsHonoured()
    {
        var date = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R");
        _server.ThenJson(503, LoopbackServer.GoogleError(503, "UNAVAILABLE", "busy"), ("Retry-After", date));
        var (client, events) = await ClientAsync();

        await client.SendAsync(Get("v1/x"), GoogleJsonContext.Default.Empty, CancellationToken.None);

        var retry = Assert.Single(events.Events, e => e.Kind == EngineEventKind.Verbose).Message;
        var waited = double.Parse(retry[(retry.IndexOf("waiting ", StringComparison.Ordinal) + 8)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(waited, 0.5, 2.0);
    }

    [Fact]
    public async Task RetryInfoInErrorDetailsIsTheWait()
    {
        _server.ThenJson(429, LoopbackServer.GoogleError(429, "RESOURCE_EXHAUSTED", "slow down", RetryInfo429));
        var (client, events) = await ClientAsync();

        await client.SendAsync(Get("v1/x"), GoogleJsonContext.Default.Empty, CancellationToken.None);

        Assert.Contains(events.Events, e => e.Message.Contains("after 429 (attempt 2 of 4, waiting 0.02 s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerDelayBeyondTheDeadlineIsNotWaitedFor()
    {
        _server.ThenJson(503, LoopbackServer.GoogleError(503, "UNAVAILABLE", "come back in two minutes"), ("Retry-After", "120"));
        var (client, events) = await ClientAsync(TestConnections.FastRetry with { Deadline = TimeSpan.FromSeconds(10) });

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => client.SendAsync(Get("v1/x"), GoogleJsonContext.Default.Empty, CancellationToken.None));

        Assert.Equal("GoogleApiUnavailable", error.ErrorId);
        Assert.Equal(ErrorKind.ResourceUnavailable, error.Kind);
        Assert.Single(_server.Requests);
        Assert.Contains(events.Events, e => e.Message.Contains("waiting 120 s would pass the 10 s deadline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttemptsAreBounded()
    {
        _server.Fallback = context => LoopbackServer.Json(context, 503, LoopbackServer.GoogleError(503, "UNAVAILABLE", "down"));
        var (client, events) = await ClientAsync();

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => client.SendAsync(Get("v1/x"), GoogleJsonContext.Default.Empty, CancellationToken.None));

        Assert.Equal(503, error.HttpStatus);
        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal(3, events.Events.Count(e => e.Kind == EngineEventKind.Verbose));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(504)]
    [InlineData(409)]
    public async Task IdempotentWriteIsNotRetriedOnAmbiguousFailures(int status)
    {
        _server.ThenJson(status, LoopbackServer.GoogleError(status, "INTERNAL", "maybe applied"));
        var (client, _) = await ClientAsync();

        await Assert.ThrowsAsync<GoogleApiException>(() => client.SendAsync(Write(RetryPolicy.IdempotentWrite), CancellationToken.None));

        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task IdempotentWriteIsRetriedWhenRefusedBeforeApplying(int status)
    {
        _server.ThenJson(status, LoopbackServer.GoogleError(status, "UNAVAILABLE", "refused"), ("Retry-After", "0"));
        var (client, _) = await ClientAsync();

        await client.SendAsync(Write(RetryPolicy.IdempotentWrite), CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(_server.Requests[0].Body, _server.Requests[1].Body);
    }

    [Fact]
    public async Task NonIdempotentWriteRetriesA429OnlyWhenTheServerAskedForIt()
    {
        _server.ThenJson(429, LoopbackServer.GoogleError(429, "RESOURCE_EXHAUSTED", "quota"));
        var (client, _) = await ClientAsync();
        var error = await Assert.ThrowsAsync<GoogleApiException>(() => client.SendAsync(Write(RetryPolicy.NonIdempotentWrite), CancellationToken.None));
        Assert.Equal(ErrorKind.LimitsExceeded, error.Kind);
        Assert.Single(_server.Requests);

        _server.ThenJson(429, LoopbackServer.GoogleError(429, "RESOURCE_EXHAUSTED", "quota", RetryInfo429));
        await client.SendAsync(Write(RetryPolicy.NonIdempotentWrite), CancellationToken.None);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task NoneIsNeverRetried()
    {
        _server.ThenJson(503, LoopbackServer.GoogleError(503, "UNAVAILABLE", "down"));
        var (client, _) = await ClientAsync();

        await Assert.ThrowsAsync<GoogleApiException>(() => client.SendAsync(Write(RetryPolicy.None), CancellationToken.None));

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ReadIsRetriedAfterAConnectionReset()
    {
        _server.Then(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        var (client, events) = await ClientAsync();

        await client.SendAsync(Get("v1/x"), GoogleJsonContext.Default.Empty, CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count);
        Assert.Contains(events.Events, e => e.Message.Contains("after a network error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NonIdempotentWriteIsNotRetriedAfterAConnectionReset()
    {
        _server.Then(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        var (client, _) = await ClientAsync();

        var error = await Assert.ThrowsAsync<JobFinderException>(() => client.SendAsync(Write(RetryPolicy.NonIdempotentWrite), CancellationToken.None));

        Assert.Equal("GoogleApiConnectionFailed", error.ErrorId);
        Assert.Equal(ErrorKind.ConnectionError, error.Kind);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task AHungAttemptTimesOutAndIsRetriedThenReported()
    {
        _server.Fallback = async context => await Task.Delay(Timeout.Infinite, context.RequestAborted);
        var (client, _) = await ClientAsync(TestConnections.FastRetry with { MaxAttempts = 2, AttemptTimeout = TimeSpan.FromMilliseconds(150) });

        var error = await Assert.ThrowsAsync<JobFinderException>(() => client.SendAsync(Get("v1/x"), GoogleJsonContext.Default.Empty, CancellationToken.None));

        Assert.Equal("GoogleApiTimeout", error.ErrorId);
        Assert.Equal(ErrorKind.OperationTimeout, error.Kind);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task RulesetCreateIsRetriedOnA429WithoutRetryInfo()
    {
        // A duplicate ruleset is immutable and unreleased; not retrying rolled whole deployments back.
        _server.ThenJson(429, LoopbackServer.GoogleError(429, "RESOURCE_EXHAUSTED", "quota"));
        _server.ThenJson(200, """{"name":"projects/p/rulesets/r1"}""");
        var (client, _) = await ClientAsync();

        var ruleset = await new JobFinder.Ops.Google.Rules.FirebaseRulesApi(client).CreateRulesetAsync("p", new JobFinder.Ops.Google.Rules.Ruleset());

        Assert.Equal("projects/p/rulesets/r1", ruleset.Name);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task AStorageWriteOfTheObjectsSoleWriterIsRetriedOnA429AndAPlainOneIsNot()
    {
        _server.ThenJson(429, LoopbackServer.GoogleError(429, "RESOURCE_EXHAUSTED", "rate"));
        _server.ThenJson(200, """{"bucket":"b","name":"journal.json","generation":"2"}""");
        var (client, _) = await ClientAsync();
        var storage = new JobFinder.Ops.Google.Storage.StorageApi(client);

        await storage.InsertObjectAsync("b", "journal.json", "{}"u8.ToArray(), "application/json", JobFinder.Ops.Google.Storage.StoragePreconditions.SoleWriter);
        Assert.Equal(2, _server.Requests.Count);

        _server.ThenJson(429, LoopbackServer.GoogleError(429, "RESOURCE_EXHAUSTED", "rate"));
        await Assert.ThrowsAsync<GoogleApiException>(() => storage.InsertObjectAsync("b", "other.json", "{}"u8.ToArray(), "application/json"));
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task ABodyThatStallsAfterTheHeadersTimesOutToo()
    {
        _server.Fallback = async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 100;
            await context.Response.WriteAsync("{\"name\":", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };
        var (client, _) = await ClientAsync(TestConnections.FastRetry with { MaxAttempts = 2, AttemptTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<JobFinderException>(() => client.SendAsync(Get("v1/x"), GoogleJsonContext.Default.Empty, CancellationToken.None));

        Assert.Equal("GoogleApiTimeout", error.ErrorId);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task CancellationStopsTheRetryWait()
    {
        _server.ThenJson(503, LoopbackServer.GoogleError(503, "UNAVAILABLE", "busy"), ("Retry-After", "25"));
        var (client, events) = await ClientAsync();
        using var cancellation = new CancellationTokenSource();
        var sink = new CancelOnRetrySink(cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WithEvents(sink).SendAsync(Get("v1/x"), GoogleJsonContext.Default.Empty, cancellation.Token));

        Assert.Single(_server.Requests);
        _ = events;
    }

    private async Task<(GoogleRestClient Client, CollectingEventSink Events)> ClientAsync(GoogleRetryOptions? retry = null)
    {
        var connection = await TestConnections.ForRootAsync(_server.BaseAddress, retry);
        var events = new CollectingEventSink();
        return (new GoogleRestClient(connection, events), events);
    }

    private static GoogleRequest Get(string path) => new()
    {
        Service = GoogleService.CloudRun,
        Method = HttpMethod.Get,
        Path = path,
        Retry = RetryPolicy.Read,
    };

    private static GoogleRequest Write(RetryPolicy policy) => new()
    {
        Service = GoogleService.Monitoring,
        Method = HttpMethod.Post,
        Path = "v3/projects/p/alertPolicies",
        Retry = policy,
        Content = GoogleRequest.Json(new Empty(), GoogleJsonContext.Default.Empty),
    };

    /// <summary>Plays Ctrl+C the moment the client announces a retry wait.</summary>
    private sealed class CancelOnRetrySink(CancellationTokenSource cancellation) : IEngineEventSink
    {
        public void Emit(EngineEvent engineEvent)
        {
            if (engineEvent.Message.StartsWith("Retrying", StringComparison.Ordinal))
            {
                cancellation.Cancel();
            }
        }
    }
}
