using System.Net;
using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData(401, "UNAUTHENTICATED", "GoogleApiUnauthenticated", ErrorKind.AuthenticationError)]
    [InlineData(403, "PERMISSION_DENIED", "GoogleApiPermissionDenied", ErrorKind.PermissionDenied)]
    [InlineData(404, "NOT_FOUND", "GoogleApiNotFound", ErrorKind.ObjectNotFound)]
    [InlineData(409, "ALREADY_EXISTS", "GoogleApiAlreadyExists", ErrorKind.ResourceExists)]
    [InlineData(409, "ABORTED", "GoogleApiAborted", ErrorKind.ResourceBusy)]
    [InlineData(400, "FAILED_PRECONDITION", "GoogleApiFailedPrecondition", ErrorKind.InvalidOperation)]
    [InlineData(400, "INVALID_ARGUMENT", "GoogleApiInvalidArgument", ErrorKind.InvalidArgument)]
    [InlineData(429, "RESOURCE_EXHAUSTED", "GoogleApiResourceExhausted", ErrorKind.LimitsExceeded)]
    [InlineData(503, "UNAVAILABLE", "GoogleApiUnavailable", ErrorKind.ResourceUnavailable)]
    [InlineData(500, "INTERNAL", "GoogleApiInternal", ErrorKind.ResourceUnavailable)]
    [InlineData(504, "DEADLINE_EXCEEDED", "GoogleApiDeadlineExceeded", ErrorKind.OperationTimeout)]
    public void EsfEnvelopeMapsToIdAndKind(int http, string status, string errorId, ErrorKind kind)
    {
        var details = GoogleErrorParser.FromHttpBody((HttpStatusCode)http, LoopbackServer.GoogleError(http, status, "nope"));
        var exception = new GoogleApiException(details, "GET", "https://run.googleapis.com/v2/x", "projects/p/x");

        Assert.Equal(errorId, exception.ErrorId);
        Assert.Equal(kind, exception.Kind);
        Assert.Equal(status, exception.Status);
        Assert.Equal("projects/p/x", exception.Target);
    }

    [Fact]
    public void ErrorInfoAndBadRequestAreRead()
    {
        var body = LoopbackServer.GoogleError(
            400,
            "INVALID_ARGUMENT",
            "bad traffic",
            """{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"TRAFFIC_SUM","domain":"run.googleapis.com","metadata":{"sum":"90"}}""",
            """{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"traffic","description":"must total 100"}]}""");

        var details = GoogleErrorParser.FromHttpBody(HttpStatusCode.BadRequest, body);

        Assert.Equal("TRAFFIC_SUM", details.Reason);
        Assert.Equal("run.googleapis.com", details.Domain);
        Assert.Equal("90", details.Metadata["sum"]);
        Assert.Equal(["traffic: must total 100"], details.FieldViolations);
        var exception = new GoogleApiException(details, "PATCH", "u", "projects/p/locations/l/services/s");
        Assert.Contains("PATCH projects/p/locations/l/services/s failed: INVALID_ARGUMENT (400, reason TRAFFIC_SUM): bad traffic (traffic: must total 100)", exception.Message);
    }

    [Fact]
    public void StorageEnvelopeGivesReasonAndStatusFromHttp()
    {
        const string body = """{"error":{"code":412,"message":"At least one of the pre-conditions you specified did not hold.","errors":[{"message":"x","domain":"global","reason":"conditionNotMet"}]}}""";

        var details = GoogleErrorParser.FromHttpBody(HttpStatusCode.PreconditionFailed, body);
        var exception = new GoogleApiException(details, "POST", "u", "b/o");

        Assert.Equal("FAILED_PRECONDITION", details.Status);
        Assert.Equal("conditionNotMet", details.Reason);
        Assert.Equal("global", details.Domain);
        Assert.Equal(ErrorKind.InvalidOperation, exception.Kind);
    }

    [Fact]
    public void NonJsonBodyKeepsStatusAndText()
    {
        var details = GoogleErrorParser.FromHttpBody(HttpStatusCode.BadGateway, "<html>upstream connect error</html>");

        Assert.Equal(502, details.HttpStatus);
        Assert.Equal("INTERNAL", details.Status);
        Assert.Equal("<html>upstream connect error</html>", details.Message);
    }

    [Fact]
    public void LroStatusUsesGrpcCodes()
    {
        using var detail = JsonDocument.Parse("""{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"BUILD_FAILED","domain":"cloudfunctions.googleapis.com"}""");

        var details = GoogleErrorParser.FromRpcStatus(9, "Build failed", [detail.RootElement]);

        Assert.Equal("FAILED_PRECONDITION", details.Status);
        Assert.Equal(400, details.HttpStatus);
        Assert.Equal("BUILD_FAILED", details.Reason);
    }

    [Fact]
    public async Task FailedRequestCarriesMethodResourceAndReason()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.ThenJson(403, LoopbackServer.GoogleError(403, "PERMISSION_DENIED", "caller lacks run.services.update", """{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED","domain":"iam.googleapis.com"}"""));
        using var connection = await TestConnections.ForRootAsync(server.BaseAddress);
        var client = new GoogleRestClient(connection, new CollectingEventSink());

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => client.SendAsync(
            new GoogleRequest
            {
                Service = GoogleService.CloudRun,
                Method = HttpMethod.Patch,
                Path = "v2/projects/p/locations/l/services/s",
                Retry = RetryPolicy.IdempotentWrite,
                ResourceName = "projects/p/locations/l/services/s",
            },
            GoogleJsonContext.Default.Empty,
            CancellationToken.None));

        Assert.Equal("GoogleApiPermissionDenied", error.ErrorId);
        Assert.Equal("PATCH", error.Method);
        Assert.Equal("projects/p/locations/l/services/s", error.ResourceName);
        Assert.Equal("IAM_PERMISSION_DENIED", error.Reason);
        Assert.Equal("iam.googleapis.com", error.Domain);
        Assert.Equal("caller lacks run.services.update", error.ApiMessage);
        Assert.Single(server.Requests);
    }
}
