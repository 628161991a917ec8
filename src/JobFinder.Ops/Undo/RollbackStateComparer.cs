using JobFinder.Ops.Backup;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Undo;

/// <summary>Is the state after an undo the state before the deployment? The set of functions and the
/// rules releases compare as they are (<see cref="LiveSnapshotComparer"/>); traffic compares by what
/// serves: each entry with <c>LATEST</c> resolved to the latest ready revision, so "LATEST 100%" before
/// and "rev-1 100%" after an undo (LATEST now names the undone revision) are the same split.
/// Functions recreated from a backup have new revisions; for them only presence is compared.</summary>
public static class RollbackStateComparer
{
    public const SnapshotAreas Areas = SnapshotAreas.AfterUndo;

    public static IReadOnlyList<SnapshotDifference> Compare(LiveSnapshot expected, LiveSnapshot actual, IReadOnlyCollection<string>? recreatedFunctions = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = LiveSnapshotComparer.Compare(expected, actual, SnapshotAreas.Functions | SnapshotAreas.RulesReleases).ToList();
        var actualByName = actual.Functions.ToDictionary(f => f.ResourceName, StringComparer.Ordinal);
        foreach (var before in expected.Functions)
        {
            if (!actualByName.TryGetValue(before.ResourceName, out var after) || recreatedFunctions?.Contains(before.Name) == true)
            {
                continue;
            }

            var was = EffectiveSplit(before);
            var now = EffectiveSplit(after);
            if (was != now)
            {
                differences.Add(new SnapshotDifference { Area = "Traffic", Target = before.Name, Change = "Changed", Property = "ServedSplit", Expected = was, Actual = now });
            }
        }

        return differences;
    }

    /// <summary>What serves: <c>rev=percent#tag</c> entries, LATEST resolved, zero-percent untagged entries dropped, sorted.</summary>
    public static string EffectiveSplit(LiveFunction function) =>
        string.Join(", ", function.Traffic
            .Where(t => t.Percent > 0 || !string.IsNullOrEmpty(t.Tag))
            .Select(t => $"{(t.Type == "LATEST" ? function.LatestReadyRevision : t.Revision)}={t.Percent}%{(string.IsNullOrEmpty(t.Tag) ? "" : " #" + t.Tag)}")
            .Order(StringComparer.Ordinal));
}
