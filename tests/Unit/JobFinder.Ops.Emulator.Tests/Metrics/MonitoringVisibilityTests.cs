using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Metrics;

/// <summary>Cloud Run's request metrics are "Sampled every 60 seconds. After sampling, data is not
/// visible for up to 180 seconds." (Google's metric list): the emulator keeps that timing.</summary>
public sealed class MonitoringVisibilityTests
{
    [Fact]
    public async Task Realistic_reports_Googles_timing_and_hides_requests_until_the_delay_has_passed()
    {
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { Profile = LatencyProfile.Realistic });
        var monitoring = (await session.GetJsonAsync("_emulator/info"))["monitoring"]!;
        Assert.Equal(60, monitoring["samplePeriodSeconds"]!.GetValue<double>());
        Assert.Equal(180, monitoring["visibilityDelaySeconds"]!.GetValue<double>());
        Assert.Equal(1, monitoring["timeScale"]!.GetValue<double>());

        // Google: "The value must be at least 60 seconds" (Aggregation.alignmentPeriod).
        using var tooShort = await session.Client.GetAsync(TimeSeriesTests.Query("run.googleapis.com/request_count", "resource.labels.service_name=\"visiblefn\"") +
            "&aggregation.alignmentPeriod=10s&aggregation.perSeriesAligner=ALIGN_DELTA");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooShort.StatusCode);
    }

    [Fact]
    public async Task Realistic_hides_requests_served_right_now_until_the_delay_has_passed()
    {
        // Realistic deploys a function in Google's minute, so the requests are served at a time scale of 1/20
        // (3 s points, visible 9 s after they end): the same shape, and the query still comes right after them.
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { Profile = LatencyProfile.Realistic, TimeScale = 0.05 });
        await ServeAsync(session, "visibleFn", 5);
        var series = await session.GetJsonAsync(TimeSeriesTests.Query("run.googleapis.com/request_count", "resource.labels.service_name=\"visiblefn\"") +
            "&aggregation.alignmentPeriod=3600s&aggregation.perSeriesAligner=ALIGN_DELTA&aggregation.crossSeriesReducer=REDUCE_SUM");
        Assert.Null(series["timeSeries"]);
    }

    [Fact]
    public async Task Fast_keeps_the_same_shape_on_its_time_scale_and_points_sit_at_period_ends()
    {
        await using var session = await EmulatorSession.StartAsync();
        var monitoring = (await session.GetJsonAsync("_emulator/info"))["monitoring"]!;
        Assert.Equal(1, monitoring["samplePeriodSeconds"]!.GetValue<double>(), 6);
        Assert.Equal(3, monitoring["visibilityDelaySeconds"]!.GetValue<double>(), 6);

        var query = TimeSeriesTests.Query("run.googleapis.com/request_count", "resource.labels.service_name=\"scaledfn\"");
        await ServeAsync(session, "scaledFn", 4);
        Assert.Null((await session.GetJsonAsync(query + "&aggregation.alignmentPeriod=3600s&aggregation.perSeriesAligner=ALIGN_DELTA"))["timeSeries"]);
        // Google's 60 s minimum alignment is the sample period, so it shrinks with the time scale: 1 s is
        // accepted here (the canary analysis aligns on it), half of it is not.
        using (var onePeriod = await session.Client.GetAsync(query + "&aggregation.alignmentPeriod=1s&aggregation.perSeriesAligner=ALIGN_DELTA"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, onePeriod.StatusCode);
        }

        using (var halfPeriod = await session.Client.GetAsync(query + "&aggregation.alignmentPeriod=0.5s&aggregation.perSeriesAligner=ALIGN_DELTA"))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, halfPeriod.StatusCode);
        }


        await TimeSeriesTests.WaitUntilVisibleAsync(session, query, 4);
        var raw = (await session.GetJsonAsync(query))["timeSeries"]!.AsArray();
        var ends = raw.SelectMany(s => s!["points"]!.AsArray()).Select(p => DateTimeOffset.Parse(p!["interval"]!["endTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(ends, end => Assert.Equal(0, end.UtcTicks % TimeSpan.TicksPerSecond));
    }

    private static async Task ServeAsync(EmulatorSession session, string function, int requests)
    {
        await session.CreateFunctionAsync(function);
        var uri = (await session.GetJsonAsync($"v2/projects/jobfinder-staging/locations/us-central1/services/{function.ToLowerInvariant()}"))["uri"]!.GetValue<string>();
        using var client = session.NewClient(null);
        for (var i = 0; i < requests; i++)
        {
            (await client.GetAsync(uri)).Dispose();
        }
    }
}
