using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Google.Errors;

/// <summary>A Google API refused a request (or a long-running operation ended in error). ErrorId
/// and Kind follow the canonical status (<see cref="GoogleStatusCodes"/>); the target is the resource
/// name the request was about.</summary>
public sealed class GoogleApiException : JobFinderException
{
    public GoogleApiException(GoogleErrorDetails details, string method, string url, string? resourceName, string? operationName = null, Exception? inner = null)
        : base(
            GoogleStatusCodes.ErrorIdOf(details.Status),
            GoogleStatusCodes.KindOf(details.Status, details.HttpStatus),
            FormatMessage(details, method, url, resourceName, operationName),
            resourceName ?? operationName ?? url,
            inner)
    {
        Details = details;
        Method = method;
        Url = url;
        ResourceName = resourceName;
        OperationName = operationName;
    }

    public GoogleErrorDetails Details { get; }

    public int HttpStatus => Details.HttpStatus;

    /// <summary>Canonical status, e.g. <c>PERMISSION_DENIED</c>.</summary>
    public string Status => Details.Status;

    /// <summary>Google's own message, without our prefix.</summary>
    public string ApiMessage => Details.Message;

    public string? Reason => Details.Reason;

    public string? Domain => Details.Domain;

    /// <summary>HTTP method of the failed request (<c>GET</c> for a failed poll).</summary>
    public string Method { get; }

    /// <summary>Request URL without query string.</summary>
    public string Url { get; }

    public string? ResourceName { get; }

    /// <summary>Set when the error came from a long-running operation's <c>error</c>.</summary>
    public string? OperationName { get; }

    private static string FormatMessage(GoogleErrorDetails details, string method, string url, string? resourceName, string? operationName)
    {
        var subject = operationName is not null
            ? $"Operation {operationName}"
            : $"{method} {resourceName ?? url}";
        var reason = details.Reason is null ? string.Empty : $", reason {details.Reason}";
        var violations = details.FieldViolations.Count == 0 ? string.Empty : " (" + string.Join("; ", details.FieldViolations) + ")";
        return $"{subject} failed: {details.Status} ({details.HttpStatus}{reason}): {details.Message}{violations}";
    }
}
