namespace JobFinder.Ops.Model;

/// <summary>The outcome of one smoke check against one target.</summary>
public sealed record SmokeCheckResult
{
    public required string Name { get; init; }

    /// <summary>The function checked; null for a check with an explicit URL.</summary>
    public string? Function { get; init; }

    /// <summary>The URL requested (function or tag URL plus the check's path).</summary>
    public string? Url { get; init; }

    /// <summary><c>live</c>, or the tag the request went to (<c>canary</c>, <c>stable</c>, ...).</summary>
    public required string Target { get; init; }

    /// <summary>The revision behind a tag URL; null for live URLs, where traffic may be split.</summary>
    public string? Revision { get; init; }

    public string Method { get; init; } = "GET";

    /// <summary>What the request carried: nothing, the test user's Firebase ID token, or an OIDC token.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SmokeCheckAuth>))]
    public SmokeCheckAuth Auth { get; init; }

    /// <summary>HTTP status of the last attempt; null when no answer came (timeout, connection failure).</summary>
    public int? StatusCode { get; init; }

    /// <summary>Latency of the last attempt in milliseconds (what a user would have waited).</summary>
    public double LatencyMs { get; init; }

    public int Attempts { get; init; }

    public bool Passed { get; init; }

    /// <summary>Why the check failed, naming the failed assertion or the status; null when it passed.</summary>
    public string? Reason { get; init; }

    /// <summary>The ErrorId that kept the check from sending its request (<c>SmokeCredentialsRejected</c>,
    /// <c>SmokeTagNotFound</c>, ...); null when it got an answer.</summary>
    public string? ErrorId { get; init; }

    /// <summary>The assertion text that failed, e.g. <c>$.result.success == true</c>.</summary>
    public string? FailedAssertion { get; init; }

    /// <summary>The beginning of the response body (at most 500 characters), for diagnosis.</summary>
    public string? ResponseExcerpt { get; init; }
}
