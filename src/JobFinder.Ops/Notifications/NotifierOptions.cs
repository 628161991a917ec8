namespace JobFinder.Ops.Notifications;

/// <summary>How hard the notifier tries. A chat message is not worth delaying a deployment for, so the
/// defaults are short: 10 s per attempt, 3 attempts on 429/5xx/network errors.</summary>
public sealed record NotifierOptions
{
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the second attempt; doubled for each further one. A Retry-After header
    /// wins, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    public static NotifierOptions Default { get; } = new();
}
