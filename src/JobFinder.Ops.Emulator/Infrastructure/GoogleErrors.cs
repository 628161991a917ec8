using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>Factory for Google's errors (envelope per google/rpc/status.proto, details per error_details.proto).
/// Each method returns a <see cref="GoogleApiException"/>: <c>return</c> it as an IResult or <c>throw</c> it.</summary>
public static class GoogleErrors
{
    public static GoogleApiException NotFound(string message) => new(RpcCode.NotFound, message);

    public static GoogleApiException InvalidArgument(string message, IEnumerable<(string Field, string Description)>? fieldViolations = null)
    {
        var details = new JsonArray();
        var violations = fieldViolations?.ToList();
        if (violations is { Count: > 0 })
        {
            details.Add(BadRequest(violations));
        }

        return new GoogleApiException(RpcCode.InvalidArgument, message, details);
    }

    public static GoogleApiException AlreadyExists(string message) => new(RpcCode.AlreadyExists, message);

    public static GoogleApiException FailedPrecondition(string message) => new(RpcCode.FailedPrecondition, message);

    /// <summary>HTTP 412 (Storage's <c>ifGenerationMatch</c> and friends): FAILED_PRECONDITION with reason conditionNotMet.</summary>
    public static GoogleApiException PreconditionFailed(string message = "At least one of the pre-conditions you specified did not hold.") =>
        new(RpcCode.FailedPrecondition, message, httpStatus: 412, legacyReason: "conditionNotMet");

    public static GoogleApiException Aborted(string message) => new(RpcCode.Aborted, message);

    public static GoogleApiException PermissionDenied(string message) =>
        new(RpcCode.PermissionDenied, message, [ErrorInfo("IAM_PERMISSION_DENIED", "iam.googleapis.com")]);

    public static GoogleApiException Unauthenticated(string message =
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.") =>
        new(RpcCode.Unauthenticated, message, [ErrorInfo("ACCESS_TOKEN_TYPE_UNSUPPORTED", "googleapis.com")], legacyReason: "required");

    public static GoogleApiException ResourceExhausted(string message = "Quota exceeded.", TimeSpan? retryDelay = null, IReadOnlyDictionary<string, string>? quotaMetadata = null)
    {
        var details = new JsonArray(ErrorInfo("RATE_LIMIT_EXCEEDED", "googleapis.com", quotaMetadata));
        if (retryDelay is { } delay)
        {
            details.Add(RetryInfo(delay));
        }

        return new GoogleApiException(RpcCode.ResourceExhausted, message, details) { RetryAfter = retryDelay };
    }

    public static GoogleApiException Unavailable(string message = "The service is currently unavailable.", TimeSpan? retryDelay = null)
    {
        var details = new JsonArray();
        if (retryDelay is { } delay)
        {
            details.Add(RetryInfo(delay));
        }

        return new GoogleApiException(RpcCode.Unavailable, message, details) { RetryAfter = retryDelay };
    }

    public static GoogleApiException Internal(string message = "Internal error encountered.") => new(RpcCode.Internal, message);

    /// <summary>An error with an HTTP status only (fault injection): the matching canonical code.</summary>
    public static GoogleApiException FromHttpStatus(int httpStatus, string message, TimeSpan? retryDelay = null)
    {
        var code = RpcCode.FromHttpStatus(httpStatus);
        var details = new JsonArray();
        if (retryDelay is { } delay)
        {
            details.Add(RetryInfo(delay));
        }

        return new GoogleApiException(code, message, details, httpStatus) { RetryAfter = retryDelay };
    }

    public static JsonObject ErrorInfo(string reason, string domain, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
            ["reason"] = reason,
            ["domain"] = domain,
        };
        if (metadata is { Count: > 0 })
        {
            var map = new JsonObject();
            foreach (var (key, value) in metadata)
            {
                map[key] = value;
            }

            info["metadata"] = map;
        }

        return info;
    }

    public static JsonObject RetryInfo(TimeSpan delay) => new()
    {
        ["@type"] = "type.googleapis.com/google.rpc.RetryInfo",
        ["retryDelay"] = GoogleJson.Duration(delay),
    };

    public static JsonObject BadRequest(IEnumerable<(string Field, string Description)> fieldViolations)
    {
        var violations = new JsonArray();
        foreach (var (field, description) in fieldViolations)
        {
            violations.Add(new JsonObject { ["field"] = field, ["description"] = description });
        }

        return new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
            ["fieldViolations"] = violations,
        };
    }
}
