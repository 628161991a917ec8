using JobFinder.Ops.Google;

namespace JobFinder.Ops.Rollout;

/// <summary>Per-revision buckets of one project's Cloud Run services from Cloud Monitoring.</summary>
internal sealed class MonitoringMetricsSource(GoogleRestClient client, string projectId) : ICanaryMetricsSource
{
    private readonly RevisionMetricsReader _reader = new(client);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<MetricBucket>>> ReadAsync(string serviceId, DateTimeOffset start, DateTimeOffset end, TimeSpan period, CancellationToken cancellationToken) =>
        _reader.ReadBucketsAsync(projectId, serviceId, start, end, period, cancellationToken);
}
