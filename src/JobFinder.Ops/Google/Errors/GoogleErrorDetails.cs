namespace JobFinder.Ops.Google.Errors;

/// <summary>What a Google error said, whichever envelope it came in (ESF's <c>{error:{code,message,
/// status,details[]}}</c>, Storage's <c>{error:{code,message,errors[]}}</c>, or an LRO's
/// google.rpc.Status with a gRPC code).</summary>
public sealed record GoogleErrorDetails
{
    /// <summary>HTTP status (for an LRO error: the HTTP status Google maps its gRPC code to).</summary>
    public required int HttpStatus { get; init; }

    /// <summary>Canonical status name, e.g. <c>NOT_FOUND</c>.</summary>
    public required string Status { get; init; }

    public required string Message { get; init; }

    /// <summary>google.rpc.ErrorInfo.reason, or Storage's <c>errors[0].reason</c> (e.g. <c>notFound</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>google.rpc.ErrorInfo.domain, or Storage's <c>errors[0].domain</c>.</summary>
    public string? Domain { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>google.rpc.RetryInfo.retryDelay, when the server said how long to wait.</summary>
    public TimeSpan? RetryDelay { get; init; }

    /// <summary>google.rpc.BadRequest field violations as <c>field: description</c>.</summary>
    public IReadOnlyList<string> FieldViolations { get; init; } = [];
}
