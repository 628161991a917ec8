using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Metrics;

public sealed class TimeSeriesTests : IAsyncLifetime
{
    private EmulatorSession session = null!;
    private string good = null!;
    private string bad = null!;

    public async Task InitializeAsync()
    {
        session = await EmulatorSession.StartAsync();
        good = (await session.CreateFunctionAsync("metricFn"))["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();
        bad = (await session.UpdateFunctionAsync("metricFn", new Dictionary<string, string> { ["EMULATOR_FAULT_ERROR_RATE"] = "1" }))["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();
        await session.PatchTrafficAsync("metricfn", [EmulatorSession.RevisionTarget(good, 100, "stable"), EmulatorSession.RevisionTarget(bad, 0, "canary")]);
        using var client = session.NewClient(null);
        var service = await session.GetJsonAsync("v2/projects/jobfinder-staging/locations/us-central1/services/metricfn");
        var uri = service["uri"]!.GetValue<string>();
        var canary = service["trafficStatuses"]!.AsArray().Single(t => t!["tag"]?.GetValue<string>() == "canary")!["uri"]!.GetValue<string>();
        for (var i = 0; i < 30; i++)
        {
            (await client.GetAsync(uri)).Dispose();
        }

        for (var i = 0; i < 10; i++)
        {
            (await client.GetAsync(canary)).Dispose();
        }

        // Monitoring shows them once their sample period's point is visible (Fast: 1 s points, 3 s later).
        await WaitUntilVisibleAsync(session, Query("run.googleapis.com/request_count", "resource.labels.service_name=\"metricfn\""), 40);
    }

    /// <summary>Polls a request_count query until it shows <paramref name="requests"/> (bounded; not a timed assertion).</summary>
    internal static async Task WaitUntilVisibleAsync(EmulatorSession session, string query, long requests)
    {
        var sum = query + "&aggregation.alignmentPeriod=3600s&aggregation.perSeriesAligner=ALIGN_DELTA&aggregation.crossSeriesReducer=REDUCE_SUM";
        for (var poll = 0; poll < 200; poll++)
        {
            var series = (await session.GetJsonAsync(sum))["timeSeries"]?.AsArray();
            var seen = series?.Sum(s => s!["points"]!.AsArray().Sum(p => long.Parse(p!["value"]!["int64Value"]!.GetValue<string>(), CultureInfo.InvariantCulture))) ?? 0;
            if (seen >= requests)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Monitoring never showed {requests} requests.");
    }

    public async Task DisposeAsync() => await session.DisposeAsync();

    [Fact]
    public async Task Request_count_grouped_by_class_and_summed_gives_one_point_per_class()
    {
        var query = Query("run.googleapis.com/request_count", "resource.labels.service_name=\"metricfn\"") +
            "&aggregation.alignmentPeriod=3600s&aggregation.perSeriesAligner=ALIGN_DELTA&aggregation.crossSeriesReducer=REDUCE_SUM" +
            "&aggregation.groupByFields=metric.labels.response_code_class";

        var series = (await session.GetJsonAsync(query))["timeSeries"]!.AsArray();

        Assert.Equal(2, series.Count);
        var counts = series.ToDictionary(s => s!["metric"]!["labels"]!["response_code_class"]!.GetValue<string>(), s => s!["points"]!.AsArray().Single()!["value"]!["int64Value"]!.GetValue<string>());
        Assert.Equal("30", counts["2xx"]);
        Assert.Equal("10", counts["5xx"]);
        Assert.Null(series[0]!["resource"]!["labels"]!["revision_name"]);
    }

    [Fact]
    public async Task Filter_on_revision_and_latency_percentile_yield_double_values()
    {
        var countQuery = Query("run.googleapis.com/request_count", $"resource.labels.revision_name=\"{bad}\"") +
            "&aggregation.alignmentPeriod=3600s&aggregation.perSeriesAligner=ALIGN_RATE&aggregation.crossSeriesReducer=REDUCE_SUM";
        var rate = (await session.GetJsonAsync(countQuery))["timeSeries"]![0]!;
        Assert.Equal("GAUGE", rate["metricKind"]!.GetValue<string>());
        Assert.Equal(10 / 3600.0, rate["points"]![0]!["value"]!["doubleValue"]!.GetValue<double>(), 6);

        var latencyQuery = Query("run.googleapis.com/request_latencies", "resource.labels.service_name=\"metricfn\"") +
            "&aggregation.alignmentPeriod=3600s&aggregation.perSeriesAligner=ALIGN_PERCENTILE_99&aggregation.crossSeriesReducer=REDUCE_PERCENTILE_99";
        var p99 = (await session.GetJsonAsync(latencyQuery))["timeSeries"]![0]!["points"]![0]!["value"]!["doubleValue"]!.GetValue<double>();
        Assert.True(p99 >= 0);
    }

    [Fact]
    public async Task Raw_latencies_are_distributions_with_string_counts()
    {
        var raw = (await session.GetJsonAsync(Query("run.googleapis.com/request_latencies", $"resource.labels.revision_name=\"{good}\"")))["timeSeries"]!.AsArray();
        var distribution = raw.SelectMany(s => s!["points"]!.AsArray()).Select(p => p!["value"]!["distributionValue"]!).ToList();
        Assert.Equal(30, distribution.Sum(d => long.Parse(d["count"]!.GetValue<string>(), CultureInfo.InvariantCulture)));
        Assert.NotNull(distribution[0]["bucketOptions"]!["exponentialBuckets"]);
        Assert.IsType<string>(distribution[0]["bucketCounts"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_filter_is_400_and_an_empty_window_returns_no_series()
    {
        using var response = await session.Client.GetAsync("v3/projects/jobfinder-staging/timeSeries?interval.endTime=2026-01-01T00:00:00Z");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);

        var past = "v3/projects/jobfinder-staging/timeSeries?filter=" + Uri.EscapeDataString("metric.type=\"run.googleapis.com/request_count\"") +
            "&interval.startTime=2020-01-01T00:00:00Z&interval.endTime=2020-01-01T01:00:00Z";
        Assert.Null((await session.GetJsonAsync(past))["timeSeries"]);
    }

    internal static string Query(string metric, string extra)
    {
        var filter = $"metric.type=\"{metric}\" AND resource.type=\"cloud_run_revision\" AND {extra}";
        var end = DateTimeOffset.UtcNow.AddMinutes(1);
        return "monitoring/v3/projects/jobfinder-staging/timeSeries?filter=" + Uri.EscapeDataString(filter) +
            "&interval.startTime=" + Uri.EscapeDataString(end.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) +
            "&interval.endTime=" + Uri.EscapeDataString(end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
