using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Google.Errors;

/// <summary>google.rpc.Code: the canonical status names, their gRPC numbers (what an LRO's
/// <c>error.code</c> carries) and the HTTP status each maps to (code.proto).</summary>
public static class GoogleStatusCodes
{
    private static readonly string[] s_names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    private static readonly int[] s_http = [200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401];

    /// <summary>Canonical name for a gRPC code (<c>8</c> → <c>RESOURCE_EXHAUSTED</c>).</summary>
    public static string NameOfGrpcCode(int code) => code >= 0 && code < s_names.Length ? s_names[code] : "UNKNOWN";

    /// <summary>HTTP status Google uses for a gRPC code (<c>14</c> → 503).</summary>
    public static int HttpOfGrpcCode(int code) => code >= 0 && code < s_http.Length ? s_http[code] : 500;

    /// <summary>Best canonical name for an HTTP status when the body did not say (Storage's envelope,
    /// a proxy's HTML page). 409 is ambiguous; Storage uses it for "already exists".</summary>
    public static string NameOfHttpStatus(int status) => status switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        412 => "FAILED_PRECONDITION",
        416 => "OUT_OF_RANGE",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        >= 500 => "INTERNAL",
        _ => "UNKNOWN",
    };

    /// <summary>The error category the cmdlet layer reports (ErrorRecord.CategoryInfo).</summary>
    public static ErrorKind KindOf(string status, int httpStatus) => status switch
    {
        "UNAUTHENTICATED" => ErrorKind.AuthenticationError,
        "PERMISSION_DENIED" => ErrorKind.PermissionDenied,
        "NOT_FOUND" => ErrorKind.ObjectNotFound,
        "ALREADY_EXISTS" => ErrorKind.ResourceExists,
        "ABORTED" => ErrorKind.ResourceBusy,
        "FAILED_PRECONDITION" => ErrorKind.InvalidOperation,
        "INVALID_ARGUMENT" or "OUT_OF_RANGE" => ErrorKind.InvalidArgument,
        "RESOURCE_EXHAUSTED" => ErrorKind.LimitsExceeded,
        "DEADLINE_EXCEEDED" => ErrorKind.OperationTimeout,
        "CANCELLED" => ErrorKind.OperationStopped,
        "UNAVAILABLE" or "INTERNAL" or "UNKNOWN" or "DATA_LOSS" or "UNIMPLEMENTED" when httpStatus >= 500 => ErrorKind.ResourceUnavailable,
        _ when httpStatus == 412 => ErrorKind.InvalidOperation,
        _ when httpStatus >= 500 => ErrorKind.ResourceUnavailable,
        _ => ErrorKind.NotSpecified,
    };

    /// <summary>Stable ErrorId per canonical status. These are API: tests and scripts match on them.</summary>
    public static string ErrorIdOf(string status) => status switch
    {
        "UNAUTHENTICATED" => "GoogleApiUnauthenticated",
        "PERMISSION_DENIED" => "GoogleApiPermissionDenied",
        "NOT_FOUND" => "GoogleApiNotFound",
        "ALREADY_EXISTS" => "GoogleApiAlreadyExists",
        "ABORTED" => "GoogleApiAborted",
        "FAILED_PRECONDITION" => "GoogleApiFailedPrecondition",
        "INVALID_ARGUMENT" => "GoogleApiInvalidArgument",
        "OUT_OF_RANGE" => "GoogleApiOutOfRange",
        "RESOURCE_EXHAUSTED" => "GoogleApiResourceExhausted",
        "UNAVAILABLE" => "GoogleApiUnavailable",
        "INTERNAL" => "GoogleApiInternal",
        "DEADLINE_EXCEEDED" => "GoogleApiDeadlineExceeded",
        "UNIMPLEMENTED" => "GoogleApiUnimplemented",
        "CANCELLED" => "GoogleApiCancelled",
        "DATA_LOSS" => "GoogleApiDataLoss",
        _ => "GoogleApiError",
    };
}
