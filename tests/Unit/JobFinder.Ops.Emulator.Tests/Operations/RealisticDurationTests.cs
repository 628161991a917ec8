using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Operations;

/// <summary>The Realistic profile takes Google's time for long-running operations (times the time scale),
/// where Fast finishes them in milliseconds.</summary>
public sealed class RealisticDurationTests
{
    [Fact]
    public async Task A_realistic_function_create_is_not_done_right_away_and_finishes_after_Googles_duration_scaled()
    {
        // 1/20: Google's minute for a function deploy becomes 3 s.
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { Profile = LatencyProfile.Realistic, TimeScale = 0.05 });
        var source = await session.UploadSourceAsync(archive: FunctionSource.Http("slowFn"));
        var operation = await session.SendJsonAsync(
            HttpMethod.Post,
            $"v2/projects/{EmulatorSession.Project}/locations/{EmulatorSession.Location}/functions?functionId=slowFn",
            EmulatorSession.FunctionBody(source, "slowFn"));

        var name = operation["name"]!.GetValue<string>();
        var right = await session.GetJsonAsync("v2/" + name);
        Assert.NotEqual(true, right["done"]?.GetValue<bool>());

        var done = await session.WaitOperationAsync(name);
        Assert.True(done["response"]?["state"]?.GetValue<string>() == "ACTIVE", done.ToJsonString());
    }

    [Fact]
    public void Realistic_durations_are_Googles_times_the_time_scale_and_fast_ignores_the_scale()
    {
        var scaled = LatencyTimings.For(LatencyProfile.Realistic, 0.05);
        Assert.Equal(LatencyTimings.Google.FunctionDeploy * 0.05, scaled.FunctionDeploy);
        Assert.Equal(LatencyTimings.Google.IndexBuild * 0.05, scaled.IndexBuild);
        Assert.Equal(LatencyTimings.Google.RuntimeTimeoutCap, scaled.RuntimeTimeoutCap);
        Assert.Same(LatencyTimings.Fast, LatencyTimings.For(LatencyProfile.Fast, 0.05));
    }
}
