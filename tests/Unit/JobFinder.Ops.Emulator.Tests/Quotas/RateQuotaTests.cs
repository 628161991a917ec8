using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Quotas;

/// <summary>The admin-API rate quotas over HTTP: Google's limits per window, the window scaled by the time
/// scale (0.05 here: Google's minute is 3 s, long enough that a burst of calls lands in one window).</summary>
public sealed class RateQuotaTests : IAsyncLifetime
{
    private const double TimeScale = 0.05;
    private const string Functions = "v2/projects/jobfinder-staging/locations/us-central1/functions";
    private EmulatorSession session = null!;

    public async Task InitializeAsync() => session = await EmulatorSession.StartAsync(new EmulatorOptions { TimeScale = TimeScale });

    public async Task DisposeAsync() => await session.DisposeAsync();

    [Fact]
    public async Task The_write_after_the_limit_in_a_window_gets_Google_429_with_retry_info_and_reads_and_other_projects_are_not_charged()
    {
        var limit = await FunctionsWriteLimitAsync();
        Assert.Equal(60, limit);

        // Start at the beginning of a window: burn writes until refused, then wait the delay Google gave.
        var first = await WriteUntilRefusedAsync(Functions, 2 * limit + 1);
        await Task.Delay(RetryDelayOf(first.Body) + TimeSpan.FromMilliseconds(50));

        for (var i = 0; i < limit; i++)
        {
            using var accepted = await GenerateUploadUrlAsync(Functions);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var refused = await GenerateUploadUrlAsync(Functions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = (await EmulatorSession.ReadAsync(refused))["error"]!;
        Assert.Equal(429, error["code"]!.GetValue<int>());
        Assert.Equal("RESOURCE_EXHAUSTED", error["status"]!.GetValue<string>());
        var number = ProjectNumbers.Of(EmulatorSession.Project).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(
            $"Quota exceeded for quota metric 'Write requests' and limit 'Per project mutation requests per minute per region' of service 'cloudfunctions.googleapis.com' for consumer 'project_number:{number}'.",
            error["message"]!.GetValue<string>());
        var info = error["details"]!.AsArray().Single(d => d!["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.ErrorInfo")!;
        Assert.Equal("RATE_LIMIT_EXCEEDED", info["reason"]!.GetValue<string>());
        Assert.Equal("googleapis.com", info["domain"]!.GetValue<string>());
        Assert.Equal("cloudfunctions.googleapis.com", info["metadata"]!["service"]!.GetValue<string>());
        Assert.Equal("projects/" + number, info["metadata"]!["consumer"]!.GetValue<string>());
        Assert.Equal("cloudfunctions.googleapis.com/mutate_requests", info["metadata"]!["quota_metric"]!.GetValue<string>());
        Assert.Equal("MutateRequestsPerMinutePerProjectPerRegion", info["metadata"]!["quota_limit"]!.GetValue<string>());
        var delay = RetryDelayOf(error.AsObject());
        Assert.InRange(delay, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(60 * TimeScale));

        // Reads are a separate bucket; another project and another region have their own.
        using var read = await session.Client.GetAsync(Functions);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var otherProject = await GenerateUploadUrlAsync("v2/projects/jobfinder-prod/locations/us-central1/functions");
        Assert.Equal(HttpStatusCode.OK, otherProject.StatusCode);
        using var otherRegion = await GenerateUploadUrlAsync("v2/projects/jobfinder-staging/locations/europe-west1/functions");
        Assert.Equal(HttpStatusCode.OK, otherRegion.StatusCode);

        // Once the window has passed, the write goes through.
        await Task.Delay(delay + TimeSpan.FromMilliseconds(50));
        using var later = await GenerateUploadUrlAsync(Functions);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Cloud_Run_writes_on_v1_and_v2_paths_share_one_regional_bucket_and_the_request_log_shows_the_429()
    {
        using var _ = await session.Client.DeleteAsync("_emulator/requests");
        const string v2 = "v2/projects/jobfinder-staging/locations/us-central1/services/none:setIamPolicy";
        const string v1 = "v1/projects/jobfinder-staging/locations/us-central1/services/none:setIamPolicy";
        var refused = await WriteUntilRefusedAsync(v2, 100, path => session.Client.PostAsync(path, EmulatorSession.Json(new JsonObject { ["policy"] = new JsonObject() })));
        Assert.Contains("of service 'run.googleapis.com'", refused.Body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        using var v1Refused = await session.Client.PostAsync("run/" + v1, EmulatorSession.Json(new JsonObject { ["policy"] = new JsonObject() }));
        Assert.Equal(HttpStatusCode.TooManyRequests, v1Refused.StatusCode);

        var log = (await session.GetJsonAsync("_emulator/requests"))["requests"]!.AsArray();
        Assert.Contains(log, r => r!["status"]!.GetValue<int>() == 429 && r["api"]!.GetValue<string>() == "run" && r["mutating"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Info_reports_the_quotas_and_their_scaled_windows()
    {
        var quotas = (await session.GetJsonAsync("_emulator/info"))["quotas"]!;
        Assert.Equal(TimeScale, quotas["timeScale"]!.GetValue<double>());
        var runWrite = quotas["limits"]!.AsArray().Single(q => q!["quotaMetric"]!.GetValue<string>() == "run.googleapis.com/write_regional")!;
        Assert.Equal(60, runWrite["googleWindowSeconds"]!.GetValue<double>());
        Assert.Equal(3, runWrite["windowSeconds"]!.GetValue<double>(), 6);
        Assert.StartsWith("https://cloud.google.com/run/quotas", runWrite["source"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static TimeSpan RetryDelayOf(JsonObject error)
    {
        var details = (error["error"] ?? error)["details"]!.AsArray();
        var retry = details.Single(d => d!["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.RetryInfo")!;
        var text = retry["retryDelay"]!.GetValue<string>();
        return TimeSpan.FromSeconds(double.Parse(text.TrimEnd('s'), CultureInfo.InvariantCulture));
    }

    private async Task<int> FunctionsWriteLimitAsync()
    {
        var limits = (await session.GetJsonAsync("_emulator/info"))["quotas"]!["limits"]!.AsArray();
        return limits.Single(q => q!["quotaMetric"]!.GetValue<string>() == "cloudfunctions.googleapis.com/mutate_requests")!["limit"]!.GetValue<int>();
    }

    private Task<HttpResponseMessage> GenerateUploadUrlAsync(string functions) =>
        session.Client.PostAsync(functions + ":generateUploadUrl", EmulatorSession.Json(new JsonObject()));

    /// <summary>Sends writes until one is refused (at most <paramref name="bound"/>); returns the 429's body.</summary>
    private async Task<(int Accepted, JsonObject Body)> WriteUntilRefusedAsync(string path, int bound, Func<string, Task<HttpResponseMessage>>? send = null)
    {
        send ??= GenerateUploadUrlAsync;
        for (var i = 0; i < bound; i++)
        {
            using var response = await send(path);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (i, await EmulatorSession.ReadAsync(response));
            }
        }

        throw new Xunit.Sdk.XunitException($"{bound} writes to {path} were never refused.");
    }
}
