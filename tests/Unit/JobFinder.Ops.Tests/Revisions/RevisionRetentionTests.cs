using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Revisions;
using Xunit;

namespace JobFinder.Ops.Tests.Revisions;

/// <summary>Which revisions stay: LATEST resolves through latestReadyRevision, the served split counts as
/// well as the desired one, tags and rollback targets keep a revision, and the rest may go.</summary>
public sealed class RevisionRetentionTests
{
    private const string Service = "projects/p/locations/us-central1/services/s";

    private static Revision Rev(int n) => new() { Name = $"{Service}/revisions/s-{n:D5}-abc", CreateTime = DateTimeOffset.UnixEpoch.AddMinutes(n) };

    [Fact]
    public void KeepsServingTaggedNewestAndRollbackTargetsOnly()
    {
        var revisions = Enumerable.Range(1, 7).Select(Rev).ToArray();
        var service = new RunService
        {
            Name = Service,
            LatestReadyRevision = $"{Service}/revisions/s-00005-abc",
            Traffic = [new TrafficTarget { Type = TrafficTargetAllocationType.Latest, Percent = 100 }],
            // Still served while the service reconciles: counts as serving.
            TrafficStatuses = [new TrafficTargetStatus { Type = TrafficTargetAllocationType.Revision, Revision = "s-00001-abc", Percent = 100 },
                               new TrafficTargetStatus { Type = TrafficTargetAllocationType.Revision, Revision = "s-00002-abc", Percent = 0, Tag = "blue" }],
        };
        var targets = RevisionRetention.RollbackTargets(
            [Record("old", DateTimeOffset.UnixEpoch, "s-00003-abc"), Record("recent", DateTimeOffset.UnixEpoch.AddDays(10), "s-00004-abc")],
            DateTimeOffset.UnixEpoch.AddDays(3));

        var keep = RevisionRetention.KeepReasons(service, revisions, 2, targets);

        Assert.Equal(["s-00001-abc", "s-00002-abc", "s-00004-abc", "s-00005-abc", "s-00006-abc", "s-00007-abc"], keep.Keys.Order());
        Assert.StartsWith("serves traffic", keep["s-00005-abc"], StringComparison.Ordinal);
        Assert.Contains("deployment recent", keep["s-00004-abc"], StringComparison.Ordinal);
        Assert.Contains("'blue'", keep["s-00002-abc"], StringComparison.Ordinal);
    }

    private static DeploymentRecord Record(string id, DateTimeOffset started, string stable) => new()
    {
        Id = id,
        ProjectId = "p",
        Owner = "me",
        Strategy = RolloutStrategy.AllAtOnce,
        TrafficSteps = [100],
        BakeTime = TimeSpan.Zero,
        Outcome = DeploymentOutcome.Succeeded,
        StartedAt = started,
        Functions = [new FunctionDeploymentRecord { FunctionId = "f", Region = "us-central1", FunctionName = "projects/p/locations/us-central1/functions/f", Action = PlannedChangeAction.Update, StableRevision = stable }],
    };
}
