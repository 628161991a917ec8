using JobFinder.Ops.Google.Errors;

namespace JobFinder.Ops.Google.Transport;

/// <summary>Recognises a 429 that is a rate-quota refusal (google.rpc.ErrorInfo RATE_LIMIT_EXCEEDED with the
/// quota's metadata, as Google sends it), as opposed to a bare 429 that concerns one call only.</summary>
internal static class QuotaRefusal
{
    /// <summary>"(quota 'LIMIT' of service 'SERVICE')" for a quota refusal; null otherwise.</summary>
    public static string? Describe(GoogleErrorDetails error)
    {
        if (error.HttpStatus != 429 || error.Reason != "RATE_LIMIT_EXCEEDED" || !error.Metadata.TryGetValue("quota_limit", out var limit))
        {
            return null;
        }

        var service = error.Metadata.TryGetValue("service", out var name) ? name : "unknown service";
        return $"(quota '{limit}' of service '{service}')";
    }
}
