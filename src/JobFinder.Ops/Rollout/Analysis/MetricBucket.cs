namespace JobFinder.Ops.Rollout;

/// <summary>What one revision served in one complete, visible Monitoring bucket (start, end].</summary>
public sealed record MetricBucket(DateTimeOffset Start, DateTimeOffset End, long Requests, long Errors, long Timeouts, double? P95Ms);

/// <summary>Where the analysis reads a service's per-revision buckets: Cloud Monitoring
/// (<see cref="MonitoringMetricsSource"/>) in a deployment, a simulated service in the bench.</summary>
public interface ICanaryMetricsSource
{
    /// <summary>The buckets of each revision of <paramref name="serviceId"/> between
    /// <paramref name="start"/> and <paramref name="end"/> (both on bucket boundaries), by revision.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<MetricBucket>>> ReadAsync(string serviceId, DateTimeOffset start, DateTimeOffset end, TimeSpan period, CancellationToken cancellationToken);
}
