using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using JobFinder.Ops.Tests.Rollout;
using JobFinder.Ops.Watch;
using Xunit;

namespace JobFinder.Ops.Tests.Watch;

/// <summary>The post-deployment watch against the emulator: a healthy release polls for the whole
/// duration (ending by itself) without a trigger; a release whose every request fails fires TotalFailure at the first poll
/// that Monitoring shows its requests to.</summary>
public sealed class WatchTests(RolloutFixture fixture) : IClassFixture<RolloutFixture>
{
    [Fact]
    public async Task AHealthyReleaseIsPolledForTheWholeDurationWithoutATrigger()
    {
        using var repo = new RolloutRepository([fixture.NewId("calm")], trafficSteps: "[100]");
        var deployment = await DeployAsync(repo);
        await CallAsync(deployment, 12);
        var polls = new List<IReadOnlyList<WatchSample>>();

        var samples = await new DeploymentWatcher(fixture.Client()).WatchAsync(
            new WatchOptions { Deployment = deployment, Duration = TimeSpan.FromSeconds(6), Interval = TimeSpan.FromSeconds(1) }, polls.Add, default);

        // How many polls fit depends on the machine; that the watch ends by itself with every poll reported does not.
        Assert.NotEmpty(polls);
        Assert.Equal(Enumerable.Range(1, polls.Count), samples.Select(s => s.Poll));
        Assert.All(samples, s => Assert.False(s.Triggered, s.Reason));
        // Monitoring shows requests only once their 1 s point is 3 s old (the emulator's Fast timing):
        // the first poll sees none; the polls together see each request once.
        Assert.Equal(0, samples[0].Requests);
        Assert.Equal(12, samples.Sum(s => s.Requests));
        Assert.Equal(12, samples[^1].TotalRequests);
        Assert.Equal(0, samples[^1].TotalErrors);
        Assert.True(samples[^1].SuccessCriterionMet);
        Assert.All(samples, s => Assert.True(s.VisibleThrough <= s.SampledAt.AddSeconds(-3)));
    }

    [Fact]
    public async Task AReleaseWhoseEveryRequestFailsFiresTotalFailure()
    {
        using var repo = new RolloutRepository([fixture.NewId("storm")], trafficSteps: "[100]");
        repo.SetEnvironment("EMULATOR_FAULT_ERROR_RATE=1\n");
        var deployment = await DeployAsync(repo);
        await CallAsync(deployment, 8);

        var samples = await new DeploymentWatcher(fixture.Client()).WatchAsync(
            new WatchOptions { Deployment = deployment, Duration = TimeSpan.FromMinutes(5), Interval = TimeSpan.FromMilliseconds(50) }, null, default);

        // The trigger fires at the first poll that sees the failures, once Monitoring shows them.
        var sample = samples[^1];
        Assert.Equal("TotalFailure", sample.Trigger);
        Assert.Equal(8, sample.Errors);
        Assert.False(sample.SuccessCriterionMet);
        Assert.All(samples.SkipLast(1), s => Assert.Equal(0, s.Requests));
    }

    [Theory]
    [InlineData(100, 11, 0, null, "ErrorRate")]
    [InlineData(100, 10, 0, null, null)]
    [InlineData(100, 0, 21, null, "TimeoutRate")]
    [InlineData(5, 2, 0, null, null)]
    [InlineData(3, 3, 0, null, "TotalFailure")]
    [InlineData(0, 0, 0, false, "TotalFailure")]
    [InlineData(0, 0, 0, true, null)]
    public void ThePlansTriggersFireAtTheirLimits(long requests, long errors, long timeouts, bool? smoke, string? trigger) =>
        Assert.Equal(trigger, new WatchTriggers().Evaluate(requests, errors, timeouts, smoke, smoke is null ? 0 : 2).Trigger);

    private async Task<DeploymentRecord> DeployAsync(RolloutRepository repo)
    {
        var record = await new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);
        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        return record;
    }

    private async Task CallAsync(DeploymentRecord deployment, int count)
    {
        var url = Assert.Single(deployment.Functions).CanaryUrl!;
        for (var i = 0; i < count; i++)
        {
            using var response = await fixture.Admin.GetAsync(new Uri(url));
        }
    }
}
