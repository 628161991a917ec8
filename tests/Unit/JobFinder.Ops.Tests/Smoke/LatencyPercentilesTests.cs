using JobFinder.Ops.Model;
using JobFinder.Ops.Smoke;
using Xunit;

namespace JobFinder.Ops.Tests.Smoke;

public sealed class LatencyPercentilesTests
{
    [Theory]
    [InlineData(new double[] { 100 }, 95, 100)]
    [InlineData(new double[] { 400, 100, 300, 200 }, 50, 200)]
    [InlineData(new double[] { 400, 100, 300, 200 }, 95, 400)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, 95, 19)]
    [InlineData(new double[0], 95, 0)]
    public void NearestRankReportsALatencyThatHappened(double[] samples, double percentile, double expected) =>
        Assert.Equal(expected, LatencyPercentiles.NearestRank(samples, percentile));

    [Fact]
    public void AReportPassesOnlyWithEveryCheckPassedAndTheSlaMet()
    {
        SmokeCheckResult Result(bool passed) => new() { Name = passed ? "ok" : "bad", Target = "live", Passed = passed };
        var good = new SmokeReport { ProjectId = "p", Target = "live", Checks = [Result(true)], P95Ms = 100, P95SlaMs = 5000 };
        Assert.True(good.Passed);
        Assert.False((good with { P95Ms = 5000 }).Passed);
        Assert.Contains("breaks the SLA of 5000 ms", (good with { P95Ms = 5000 }).Summary, StringComparison.Ordinal);
        Assert.False((good with { Checks = [Result(true), Result(false)] }).Passed);
        Assert.Contains("1 of 2 checks failed: bad", (good with { Checks = [Result(true), Result(false)] }).Summary, StringComparison.Ordinal);
        Assert.False((good with { Checks = [] }).Passed);
    }
}
