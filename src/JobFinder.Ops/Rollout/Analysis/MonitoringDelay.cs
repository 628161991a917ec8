using System.Net.Http.Json;
using System.Text.Json;
using JobFinder.Ops.Google;

namespace JobFinder.Ops.Rollout;

/// <summary>When Cloud Monitoring shows a request. Cloud Run's request metrics are "Sampled every 60
/// seconds. After sampling, data is not visible for up to 180 seconds."
/// (https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-run). A bucket of
/// <see cref="SamplePeriod"/> counts only once it is complete and <see cref="VisibilityDelay"/> has
/// passed since its end: before that, its numbers may still grow, and judging a canary on them judges
/// a fraction of its traffic.</summary>
public sealed record MonitoringDelay(TimeSpan SamplePeriod, TimeSpan VisibilityDelay)
{
    /// <summary>Google's documented numbers.</summary>
    public static readonly MonitoringDelay Google = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(180));

    /// <summary>The start of the first bucket that lies wholly at or after <paramref name="time"/>.</summary>
    public DateTimeOffset FirstBucketFrom(DateTimeOffset time) => Ceiling(time);

    /// <summary>The end of the newest bucket that is complete and visible at <paramref name="now"/>.</summary>
    public DateTimeOffset VisibleThrough(DateTimeOffset now) => Floor(now - VisibilityDelay);

    /// <summary>When the bucket ending at <paramref name="bucketEnd"/> becomes visible.</summary>
    public DateTimeOffset VisibleAt(DateTimeOffset bucketEnd) => bucketEnd + VisibilityDelay;

    public DateTimeOffset Ceiling(DateTimeOffset time)
    {
        var floor = Floor(time);
        return floor == time ? floor : floor + SamplePeriod;
    }

    public DateTimeOffset Floor(DateTimeOffset time)
    {
        var ticks = SamplePeriod.Ticks;
        return new DateTimeOffset(time.UtcTicks / ticks * ticks, TimeSpan.Zero);
    }

    /// <summary>Google's numbers, or the emulator's when the session points at one: it keeps Google's
    /// shape on a time scale and says so in <c>GET /_emulator/info</c> ("monitoring").</summary>
    public static async Task<MonitoringDelay> OfAsync(GoogleRestClient client, CancellationToken cancellationToken)
    {
        if (client.Connection.Endpoints.EmulatorHost is not { } host)
        {
            return Google;
        }

        using var document = await client.Connection.HttpClient.GetFromJsonAsync<JsonDocument>(new Uri($"http://{host}/_emulator/info"), cancellationToken).ConfigureAwait(false);
        if (document is null || !document.RootElement.TryGetProperty("monitoring", out var monitoring))
        {
            return Google;
        }

        return new MonitoringDelay(
            TimeSpan.FromSeconds(monitoring.GetProperty("samplePeriodSeconds").GetDouble()),
            TimeSpan.FromSeconds(monitoring.GetProperty("visibilityDelaySeconds").GetDouble()));
    }
}
