using System.Globalization;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Monitoring;

namespace JobFinder.Ops.Portfolio;

/// <summary>How many requests each function of a project served over a window, from Cloud Monitoring:
/// gen2 functions are Cloud Run services (<c>run.googleapis.com/request_count</c> on
/// <c>cloud_run_revision</c>, summed per <c>service_name</c>), gen1 functions report
/// <c>cloudfunctions.googleapis.com/function/execution_count</c> on <c>cloud_function</c> per
/// <c>function_name</c>. One query per generation for the whole project, aligned over the whole window.</summary>
internal sealed class FunctionTrafficReader(GoogleRestClient client)
{
    /// <summary>Cloud Monitoring's shortest alignment period.</summary>
    private static readonly TimeSpan s_minimumWindow = TimeSpan.FromSeconds(60);

    private readonly MonitoringApi _monitoring = new(client);

    /// <summary>Requests per Cloud Run service id.</summary>
    public Task<Dictionary<string, long>> Gen2Async(string project, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken) =>
        SumAsync(project, "run.googleapis.com/request_count", "cloud_run_revision", "service_name", window, now, cancellationToken);

    /// <summary>Executions per gen1 function id.</summary>
    public Task<Dictionary<string, long>> Gen1Async(string project, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken) =>
        SumAsync(project, "cloudfunctions.googleapis.com/function/execution_count", "cloud_function", "function_name", window, now, cancellationToken);

    private async Task<Dictionary<string, long>> SumAsync(string project, string metric, string resourceType, string label, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var alignment = TimeSpan.FromSeconds(Math.Ceiling(Math.Max(window.TotalSeconds, s_minimumWindow.TotalSeconds)));
        client.Events.Verbose(string.Create(CultureInfo.InvariantCulture, $"Reading {metric} of {project} per {label} over the last {alignment.TotalHours:0.##} h from Cloud Monitoring."));
        var query = new TimeSeriesQuery
        {
            Filter = $"metric.type=\"{metric}\" AND resource.type=\"{resourceType}\"",
            StartTime = now - alignment,
            EndTime = now,
            Aggregation = new Aggregation
            {
                AlignmentPeriod = alignment,
                PerSeriesAligner = Aligner.AlignDelta,
                CrossSeriesReducer = Reducer.ReduceSum,
                GroupByFields = ["resource.labels." + label],
            },
        };
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var series in _monitoring.ListTimeSeriesAsync(project, query, cancellationToken).ConfigureAwait(false))
        {
            var key = series.Resource?.Labels?.GetValueOrDefault(label);
            if (key is null)
            {
                continue;
            }

            var count = (series.Points ?? []).Sum(p => p.Value?.Int64Value ?? (long)(p.Value?.DoubleValue ?? 0));
            totals[key] = totals.GetValueOrDefault(key) + count;
        }

        return totals;
    }
}
