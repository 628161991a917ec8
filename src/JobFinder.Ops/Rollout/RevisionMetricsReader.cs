using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Per-revision request counts, 5xx, 504s and p95 latency of one Cloud Run service, per
/// Monitoring bucket (reference §6.2): <c>run.googleapis.com/request_count</c> aligned with ALIGN_DELTA,
/// summed per <c>resource.labels.revision_name</c> and <c>metric.labels.response_code_class</c> /
/// <c>response_code</c>; <c>request_latencies</c> with ALIGN_PERCENTILE_95, worst series per revision.</summary>
internal sealed class RevisionMetricsReader(GoogleRestClient client)
{
    private readonly MonitoringApi _monitoring = new(client);

    /// <summary>The metrics per bucket: ALIGN_DELTA (counts) and ALIGN_PERCENTILE_95 over
    /// <paramref name="period"/>-long windows ending at <paramref name="end"/>, one point per bucket and
    /// revision (a point's end time names its bucket).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MetricBucket>>> ReadBucketsAsync(string projectId, string serviceId, DateTimeOffset start, DateTimeOffset end, TimeSpan period, CancellationToken cancellationToken)
    {
        var resource = $"resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"{serviceId}\"";
        var counts = new Dictionary<(string Revision, DateTimeOffset End), (long Requests, long Errors, long Timeouts)>();
        var countQuery = new TimeSeriesQuery
        {
            Filter = $"metric.type=\"run.googleapis.com/request_count\" AND {resource}",
            StartTime = start,
            EndTime = end,
            Aggregation = new Aggregation
            {
                AlignmentPeriod = period,
                PerSeriesAligner = Aligner.AlignDelta,
                CrossSeriesReducer = Reducer.ReduceSum,
                GroupByFields = ["resource.labels.revision_name", "metric.labels.response_code_class", "metric.labels.response_code"],
            },
        };
        await foreach (var series in _monitoring.ListTimeSeriesAsync(projectId, countQuery, cancellationToken).ConfigureAwait(false))
        {
            var revision = series.Resource?.Labels?.GetValueOrDefault("revision_name") ?? "";
            var labels = series.Metric?.Labels ?? [];
            var code = labels.GetValueOrDefault("response_code") ?? "";
            var codeClass = labels.GetValueOrDefault("response_code_class") ?? (code.Length > 0 ? code[0] + "xx" : "");
            foreach (var point in series.Points ?? [])
            {
                if (point.Interval?.EndTime is not { } pointEnd)
                {
                    continue;
                }

                var total = point.Value?.Int64Value ?? (long)(point.Value?.DoubleValue ?? 0);
                var current = counts.GetValueOrDefault((revision, pointEnd));
                counts[(revision, pointEnd)] = (current.Requests + total, current.Errors + (codeClass == "5xx" ? total : 0), current.Timeouts + (code == "504" ? total : 0));
            }
        }

        var p95 = new Dictionary<(string Revision, DateTimeOffset End), double>();
        var latencyQuery = new TimeSeriesQuery
        {
            Filter = $"metric.type=\"run.googleapis.com/request_latencies\" AND {resource}",
            StartTime = start,
            EndTime = end,
            Aggregation = new Aggregation
            {
                AlignmentPeriod = period,
                PerSeriesAligner = Aligner.AlignPercentile95,
                CrossSeriesReducer = Reducer.ReduceMax,
                GroupByFields = ["resource.labels.revision_name"],
            },
        };
        await foreach (var series in _monitoring.ListTimeSeriesAsync(projectId, latencyQuery, cancellationToken).ConfigureAwait(false))
        {
            var revision = series.Resource?.Labels?.GetValueOrDefault("revision_name") ?? "";
            foreach (var point in series.Points ?? [])
            {
                if (point.Interval?.EndTime is { } pointEnd && point.Value?.DoubleValue is { } value)
                {
                    p95[(revision, pointEnd)] = value;
                }
            }
        }

        return counts
            .GroupBy(kv => kv.Key.Revision, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<MetricBucket>)g.OrderBy(kv => kv.Key.End)
                    .Select(kv => new MetricBucket(kv.Key.End - period, kv.Key.End, kv.Value.Requests, kv.Value.Errors, kv.Value.Timeouts, p95.TryGetValue(kv.Key, out var high) ? high : null))
                    .ToArray(),
                StringComparer.Ordinal);
    }
}
