using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Operations;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

public sealed class OperationPollerTests : IAsyncLifetime
{
    private const string OpName = "projects/p/locations/l/operations/op-1";
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PollsUntilDoneAndReportsStages()
    {
        _server.ThenJson(200, Running("IN_PROGRESS", "NOT_STARTED"))
            .ThenJson(503, LoopbackServer.GoogleError(503, "UNAVAILABLE", "poll hiccup"), ("Retry-After", "0"))
            .ThenJson(200, Running("COMPLETE", "IN_PROGRESS"))
            .ThenJson(200, $$$"""{"name":"{{{OpName}}}","done":true,"response":{"@type":"type.googleapis.com/google.protobuf.Empty"}}""");
        var (poller, events) = await PollerAsync();

        var done = await poller.WaitAsync(GoogleService.CloudFunctions, "v2", Started(), cancellationToken: CancellationToken.None);

        Assert.True(done.Done);
        Assert.All(_server.Requests, r => Assert.Equal("/v2/" + OpName, r.PathAndQuery));
        var progress = events.Events.Where(e => e.Kind == EngineEventKind.Progress).Select(e => e.Progress!).ToList();
        Assert.Contains(progress, p => p.Status.StartsWith("BUILD IN_PROGRESS, SERVICE NOT_STARTED", StringComparison.Ordinal) && p.PercentComplete == 0);
        Assert.Contains(progress, p => p.Status.StartsWith("BUILD COMPLETE, SERVICE IN_PROGRESS", StringComparison.Ordinal) && p.PercentComplete == 50);
        Assert.True(progress[^1].Completed);
        Assert.Equal("Waiting for update projects/p/locations/l/functions/f", progress[0].Activity);
    }

    [Fact]
    public async Task FirestoreProgressBecomesPercent()
    {
        _server.ThenJson(200, $$$"""{"name":"{{{OpName}}}","done":true,"response":{"outputUriPrefix":"gs://b/x"}}""");
        var (poller, events) = await PollerAsync();
        var started = new Operation
        {
            Name = OpName,
            Metadata = System.Text.Json.JsonDocument.Parse("""{"operationState":"PROCESSING","progressDocuments":{"completedWork":"25","estimatedWork":"100"},"progressBytes":{"completedWork":"10","estimatedWork":"40"}}""").RootElement,
        };

        await poller.WaitAsync(GoogleService.Firestore, "v1", started, cancellationToken: CancellationToken.None);

        var first = events.Events.First(e => e.Kind == EngineEventKind.Progress).Progress!;
        Assert.Equal(25, first.PercentComplete);
        Assert.StartsWith("PROCESSING: 25 of 100 documents, 10 of 40 bytes", first.Status);
    }

    [Fact]
    public async Task FailedOperationThrowsWithGrpcStatus()
    {
        _server.ThenJson(200, $$$"""{"name":"{{{OpName}}}","done":true,"error":{"code":9,"message":"Build failed: npm ERR!","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"BUILD_FAILED","domain":"cloudfunctions.googleapis.com"}]}}""");
        var (poller, _) = await PollerAsync();

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => poller.WaitAsync(GoogleService.CloudFunctions, "v2", Started(), cancellationToken: CancellationToken.None));

        Assert.Equal("GoogleApiFailedPrecondition", error.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, error.Kind);
        Assert.Equal(OpName, error.OperationName);
        Assert.Equal("BUILD_FAILED", error.Reason);
        Assert.Contains("Operation " + OpName + " failed: FAILED_PRECONDITION", error.Message);
    }

    [Fact]
    public async Task TimeoutNamesTheOperation()
    {
        _server.Fallback = context => LoopbackServer.Json(context, 200, Running("IN_PROGRESS", "NOT_STARTED"));
        var (poller, _) = await PollerAsync();
        var options = OperationPollOptions.Fast with { Timeout = TimeSpan.FromMilliseconds(150) };

        var error = await Assert.ThrowsAsync<JobFinderException>(() => poller.WaitAsync(GoogleService.CloudFunctions, "v2", Started(), options, CancellationToken.None));

        Assert.Equal("OperationTimedOut", error.ErrorId);
        Assert.Equal(ErrorKind.OperationTimeout, error.Kind);
        Assert.Equal(OpName, error.Target);
        Assert.Contains(OpName, error.Message);
    }

    [Fact]
    public async Task CancellationStopsAPollInProgress()
    {
        _server.Fallback = context => LoopbackServer.Json(context, 200, Running("IN_PROGRESS", "NOT_STARTED"));
        var (poller, _) = await PollerAsync();
        using var cancellation = new CancellationTokenSource();
        var slowPolls = OperationPollOptions.Fast with { InitialInterval = TimeSpan.FromMinutes(5), MaxInterval = TimeSpan.FromMinutes(5) };

        var wait = poller.WaitAsync(GoogleService.CloudFunctions, "v2", Started(), slowPolls, cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task TypedResponseIsBound()
    {
        _server.ThenJson(200, $$$"""{"name":"{{{OpName}}}","done":true,"response":{"name":"n","done":true}}""");
        var (poller, _) = await PollerAsync();

        var response = await poller.WaitForResponseAsync(GoogleService.CloudRun, "v2", Started(), GoogleJsonContext.Default.Operation, cancellationToken: CancellationToken.None);

        Assert.Equal("n", response.Name);
    }

    private static Operation Started() => new()
    {
        Name = OpName,
        Metadata = System.Text.Json.JsonDocument.Parse(Metadata("IN_PROGRESS", "NOT_STARTED")).RootElement,
    };

    private static string Running(string build, string service) => $$$"""{"name":"{{{OpName}}}","metadata":{{{Metadata(build, service)}}}}""";

    private static string Metadata(string build, string service) =>
        $$$"""{"@type":"type.googleapis.com/google.cloud.functions.v2.OperationMetadata","verb":"update","target":"projects/p/locations/l/functions/f","stages":[{"name":"BUILD","state":"{{{build}}}"},{"name":"SERVICE","state":"{{{service}}}"}]}""";

    private async Task<(OperationPoller Poller, CollectingEventSink Events)> PollerAsync()
    {
        var connection = await TestConnections.ForRootAsync(_server.BaseAddress);
        var events = new CollectingEventSink();
        return (new OperationPoller(new GoogleRestClient(connection, events)), events);
    }
}
