using System.Net.Http.Headers;

namespace JobFinder.Ops.Google.Transport;

/// <summary>How long to wait before a retry: the server's word if it gave one (google.rpc.RetryInfo,
/// then <c>Retry-After</c> as seconds or an HTTP date), else exponential backoff with "equal jitter"
/// (half fixed, half random) so that many clients do not retry in lockstep.</summary>
internal static class RetryDelays
{
    public static TimeSpan? ServerHint(AttemptResult? result, TimeProvider time)
    {
        if (result?.Error?.RetryDelay is { } retryInfo)
        {
            return retryInfo;
        }

        return result is null ? null : FromRetryAfter(result.Response.Headers.RetryAfter, time);
    }

    public static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? header, TimeProvider time)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary><paramref name="retryIndex"/> is 0 before the first retry.</summary>
    public static TimeSpan Backoff(int retryIndex, GoogleRetryOptions options)
    {
        var exponential = options.InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retryIndex, 30));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }
}
