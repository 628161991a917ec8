using JobFinder.Ops.Backup;
using JobFinder.Ops.Model;
using Xunit;

namespace JobFinder.Ops.Tests.Backup;

public sealed class LiveSnapshotComparerTests
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 26, 22, 15, 0, TimeSpan.Zero);

    [Fact]
    public void Equal_snapshots_have_no_differences_whatever_the_order_of_the_split()
    {
        var reordered = Snapshot() with
        {
            Functions = [Function() with { Traffic = [.. Function().Traffic.Reverse()] }],
        };

        Assert.Empty(LiveStateReader.Compare(Snapshot(), reordered));
    }

    [Fact]
    public void Traffic_rules_and_functions_differences_are_named()
    {
        var actual = Snapshot() with
        {
            Functions =
            [
                Function() with { Traffic = [new LiveTrafficTarget { Type = "LATEST", Percent = 100 }], ServingRevision = "submitjob-00003-new" },
                Function("newFn"),
            ],
            RulesReleases = [Release() with { RulesetName = "projects/p/rulesets/new" }],
        };

        var differences = LiveStateReader.Compare(Snapshot(), actual);

        Assert.Contains(differences, d => d is { Area: "Traffic", Target: "submitJob", Property: "Traffic", Change: "Changed" });
        Assert.Contains(differences, d => d is { Area: "Traffic", Property: "ServingRevision", Expected: "submitjob-00002-abc", Actual: "submitjob-00003-new" });
        Assert.Contains(differences, d => d is { Area: "Function", Change: "Added" } && d.Target.EndsWith("/newFn", StringComparison.Ordinal));
        Assert.Contains(differences, d => d is { Area: "RulesRelease", Property: "RulesetName", Actual: "projects/p/rulesets/new" });
    }

    [Fact]
    public void A_changed_value_shows_through_the_config_hash_and_undo_scope_ignores_it()
    {
        var actual = Snapshot() with { Functions = [Function() with { ConfigSha256 = "changed" }] };

        Assert.Contains(LiveStateReader.Compare(Snapshot(), actual), d => d.Property == "ConfigSha256");
        Assert.Empty(LiveStateReader.Compare(Snapshot(), actual, SnapshotAreas.AfterUndo));
    }

    [Fact]
    public void Indexes_match_by_definition_not_by_server_id()
    {
        var expected = Snapshot() with { Indexes = [Index("idx1")] };
        var recreated = Snapshot() with { Indexes = [Index("idx9")] };
        var different = Snapshot() with { Indexes = [Index("idx1") with { Fields = "status ASCENDING" }] };

        Assert.Empty(LiveStateReader.Compare(expected, recreated));
        var differences = LiveStateReader.Compare(expected, different);
        Assert.Equal(["Removed", "Added"], differences.Select(d => d.Change));
    }

    [Fact]
    public void Removed_items_are_reported_only_in_the_areas_asked_for()
    {
        var empty = new LiveSnapshot { ProjectId = "p", TakenAt = s_time };

        Assert.Contains(LiveStateReader.Compare(Snapshot(), empty), d => d is { Area: "Function", Change: "Removed" });
        Assert.Empty(LiveStateReader.Compare(Snapshot(), empty, SnapshotAreas.Indexes));
    }

    private static LiveSnapshot Snapshot() => new()
    {
        ProjectId = "p",
        TakenAt = s_time,
        Functions = [Function()],
        RulesReleases = [Release()],
    };

    private static LiveFunction Function(string name = "submitJob") => new()
    {
        Name = name,
        ResourceName = $"projects/p/locations/us-central1/functions/{name}",
        Region = "us-central1",
        ServingRevision = "submitjob-00002-abc",
        Traffic =
        [
            new LiveTrafficTarget { Type = "REVISION", Revision = "submitjob-00002-abc", Percent = 90, Tag = "stable" },
            new LiveTrafficTarget { Type = "REVISION", Revision = "submitjob-00003-new", Percent = 10, Tag = "canary" },
        ],
        ConfigSha256 = "abc",
    };

    private static LiveRulesRelease Release() => new()
    {
        ReleaseName = "projects/p/releases/cloud.firestore",
        RulesetName = "projects/p/rulesets/old",
        Service = "firestore",
        Files = [new LiveRulesFile { Name = "firestore.rules", Content = "rules_version = '2';", Sha256 = "1" }],
    };

    private static LiveIndex Index(string id) => new()
    {
        Name = $"projects/p/databases/(default)/collectionGroups/jobs/indexes/{id}",
        CollectionGroup = "jobs",
        QueryScope = "Collection",
        ApiScope = "AnyApi",
        Fields = "status ASCENDING, createdAt DESCENDING",
    };
}
