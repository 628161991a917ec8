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

    /// <summary>For a quota refusal: a RetryInfo delay ends exactly when the server's quota window frees; a timer may fire up to a
    /// clock tick early (whole milliseconds on Linux, 15.6 ms on Windows), and a retry that early on a fast
    /// link meets the same spent window and a second 429. So the wait is rounded up to the millisecond plus
    /// one Windows tick.</summary>
    public static TimeSpan PastTheWindow(TimeSpan retryDelay) =>
        TimeSpan.FromMilliseconds(Math.Ceiling(retryDelay.TotalMilliseconds) + 16);

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
