namespace JobFinder.Ops.Rollout;

/// <summary>The time the canary analysis reads and waits on. The deployment runs on
/// <see cref="SystemAnalysisClock"/>; the <c>canary-verdict</c> bench runs the same analysis on a virtual
/// clock whose waits only move its hands, so thousands of releases are judged in seconds.</summary>
public interface IAnalysisClock
{
    DateTimeOffset UtcNow { get; }

    Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>Wall-clock time.</summary>
public sealed class SystemAnalysisClock : IAnalysisClock
{
    public static readonly SystemAnalysisClock Instance = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
}

/// <summary>A clock that moves only when waited on: a wait returns at once, the time later.</summary>
public sealed class VirtualAnalysisClock(DateTimeOffset start) : IAnalysisClock
{
    public DateTimeOffset UtcNow { get; private set; } = start;

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (delay > TimeSpan.Zero)
        {
            UtcNow += delay;
        }

        return Task.CompletedTask;
    }
}
