namespace JobFinder.Ops.Google.Transport;

/// <summary>Bounds of the retry loop: attempts, exponential backoff with jitter, an overall deadline,
/// and a per-attempt timeout. A server-sent delay (Retry-After, RetryInfo) replaces the backoff.</summary>
public sealed record GoogleRetryOptions
{
    /// <summary>Total attempts including the first (1 disables retries). Eight, not five: under a
    /// sustained 30% fault rate five attempts fail 0.24% of calls (0.3^5), likely one of the ~1,000 calls
    /// of a 40-function deployment; eight fail 0.007%. The backoff of eight attempts (at most ~62 s of
    /// waits) still ends within <see cref="Deadline"/>, which stays the bound on the time spent.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Backoff before the first retry; doubles each time up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>No retry is started if its wait would end after this much time since the first attempt.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>One attempt (headers and a buffered body) may take this long before it counts as a
    /// transient failure.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
