using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Undo;
using Xunit;

namespace JobFinder.Ops.Tests.Undo;

/// <summary>The pure parts of the undo: image references, what LATEST meant, and what "the same split" is.</summary>
public sealed class RollbackRulesTests
{
    [Theory]
    [InlineData("us-central1-docker.pkg.dev/p1/gcf-artifacts/submitjob:rev-00002-abc", "us-central1", "p1", "gcf-artifacts", "submitjob", "rev-00002-abc", null)]
    [InlineData("europe-west1-docker.pkg.dev/p1/gcf-artifacts/p1__europe--west1__submit_job@sha256:ab12", "europe-west1", "p1", "gcf-artifacts", "p1__europe--west1__submit_job", null, "sha256:ab12")]
    [InlineData("us-docker.pkg.dev/p1/repo/nested/image:v1@sha256:ff", "us", "p1", "repo", "nested/image", "v1", "sha256:ff")]
    public void ArtifactRegistryImagesAreSplitIntoTheirParts(string image, string location, string project, string repository, string package, string? tag, string? digest)
    {
        var reference = ContainerImageReference.Parse(image)!;

        Assert.Equal(new ContainerImageReference(location, project, repository, package, tag, digest), reference);
        Assert.Equal($"projects/{project}/locations/{location}/repositories/{repository}", reference.RepositoryName);
    }

    [Theory]
    [InlineData("gcr.io/p1/image:v1")]
    [InlineData("docker.io/library/nginx")]
    [InlineData("")]
    public void ImagesOutsideArtifactRegistryAreNotParsed(string image) => Assert.Null(ContainerImageReference.Parse(image));

    [Fact]
    public void ThePackagePathIsEscapedInTheDockerImageName() =>
        Assert.Equal("projects/p/locations/us/repositories/r/dockerImages/a%2Fb@sha256:1", ContainerImageReference.Parse("us-docker.pkg.dev/p/r/a/b")!.DockerImageName("sha256:1"));

    [Fact]
    public void LatestBecomesTheRevisionItMeantOnceANewerRevisionExists()
    {
        var function = Function([new TrafficAllocation(null, 100, Latest: true)], stable: "svc-00001-aaa");

        var afterUpdate = PreviousSplitResolver.Resolve(function, Service("svc-00002-bbb"), "svc-00001-aaa");
        var nothingNewer = PreviousSplitResolver.Resolve(function, Service("svc-00001-aaa"), "svc-00001-aaa");

        var target = Assert.Single(afterUpdate);
        Assert.Equal((TrafficTargetAllocationType.Revision, "svc-00001-aaa", 100), (target.Type!.Value, target.Revision, target.Percent!.Value));
        Assert.Equal(TrafficTargetAllocationType.Latest, Assert.Single(nothingNewer).Type);
    }

    [Fact]
    public void LatestIsPinnedByNameWhileTheFunctionsUpdateIsStillRunning()
    {
        // A killed deployment's update goes on in the API: its revision does not exist yet, but LATEST
        // would follow it the moment it does.
        var function = Function([new TrafficAllocation(null, 100, Latest: true)], stable: "svc-00001-aaa");

        var target = Assert.Single(PreviousSplitResolver.Resolve(function, Service("svc-00001-aaa"), "svc-00001-aaa", updateInFlight: true));

        Assert.Equal((TrafficTargetAllocationType.Revision, "svc-00001-aaa", 100), (target.Type!.Value, target.Revision, target.Percent!.Value));
    }

    [Fact]
    public void LatestBesideItsOwnRevisionIsMergedIntoOneEntry()
    {
        var function = Function([new TrafficAllocation("svc-00001-aaa", 60), new TrafficAllocation(null, 40, Latest: true)], stable: "svc-00001-aaa");

        var target = Assert.Single(PreviousSplitResolver.Resolve(function, Service("svc-00003-ccc"), "svc-00001-aaa"));

        Assert.Equal(100, target.Percent);
    }

    [Fact]
    public void LatestAsAMinorityMeansTheNewestReadyRevisionBeforeTheDeployment()
    {
        var started = DateTimeOffset.Parse("2026-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var function = Function([new TrafficAllocation("svc-00001-aaa", 90, "stable"), new TrafficAllocation(null, 10, Latest: true)], stable: "svc-00001-aaa");
        Revision Rev(string name, int minutes, bool ready) => new()
        {
            Name = "projects/p/locations/l/services/svc/revisions/" + name,
            CreateTime = started.AddMinutes(minutes),
            Conditions = [new RunCondition { Type = "Ready", State = ready ? RunConditionState.ConditionSucceeded : RunConditionState.ConditionFailed }],
        };

        var latest = PreviousSplitResolver.LatestBefore(function, [Rev("svc-00001-aaa", -60, true), Rev("svc-00002-bbb", -30, true), Rev("svc-00003-ccc", -10, false), Rev("svc-00004-ddd", 1, true)], started);

        Assert.Equal("svc-00002-bbb", latest);
    }

    [Fact]
    public void TheSameSplitIsTheSameWhetherLatestOrNamed()
    {
        var before = Live([new LiveTrafficTarget { Type = "LATEST", Percent = 100 }], latest: "svc-1");
        var after = Live([new LiveTrafficTarget { Type = "REVISION", Revision = "svc-1", Percent = 100 }], latest: "svc-2");
        var other = Live([new LiveTrafficTarget { Type = "REVISION", Revision = "svc-1", Percent = 90, Tag = "stable" }, new LiveTrafficTarget { Type = "REVISION", Revision = "svc-2", Percent = 10, Tag = "canary" }], latest: "svc-2");

        Assert.Equal(RollbackStateComparer.EffectiveSplit(before), RollbackStateComparer.EffectiveSplit(after));
        var difference = Assert.Single(RollbackStateComparer.Compare(Snapshot(before), Snapshot(other)));
        Assert.Equal("ServedSplit", difference.Property);
    }

    private static FunctionDeploymentRecord Function(IReadOnlyList<TrafficAllocation> previous, string stable) => new()
    {
        FunctionId = "f",
        Region = "l",
        FunctionName = "projects/p/locations/l/functions/f",
        Action = PlannedChangeAction.Update,
        ServiceName = "projects/p/locations/l/services/svc",
        StableRevision = stable,
        PreviousTraffic = previous,
    };

    private static RunService Service(string latestReady) => new() { Name = "projects/p/locations/l/services/svc", LatestReadyRevision = "projects/p/locations/l/services/svc/revisions/" + latestReady };

    private static LiveFunction Live(IReadOnlyList<LiveTrafficTarget> traffic, string latest) => new()
    {
        Name = "f",
        ResourceName = "projects/p/locations/l/functions/f",
        Region = "l",
        Traffic = traffic,
        LatestReadyRevision = latest,
        ConfigSha256 = "x",
    };

    private static LiveSnapshot Snapshot(LiveFunction function) => new() { ProjectId = "p", TakenAt = DateTimeOffset.UnixEpoch, Functions = [function] };
}
