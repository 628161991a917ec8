using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>Differences between two <see cref="LiveSnapshot"/>s. Items are matched by what identifies
/// them across a redeploy (function resource name, release name, index definition, policy display
/// name), so server-assigned ids that change on recreate are not reported as differences.</summary>
public static class LiveSnapshotComparer
{
    public static IReadOnlyList<SnapshotDifference> Compare(LiveSnapshot expected, LiveSnapshot actual, SnapshotAreas areas = SnapshotAreas.All)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<SnapshotDifference>();
        if (Has(areas, SnapshotAreas.Functions | SnapshotAreas.FunctionConfig | SnapshotAreas.Traffic))
        {
            Match(differences, "Function", expected.Functions, actual.Functions, f => f.ResourceName, (e, a) => CompareFunction(differences, e, a, areas), reportPresence: Has(areas, SnapshotAreas.Functions));
        }

        if (Has(areas, SnapshotAreas.RulesReleases))
        {
            Match(differences, "RulesRelease", expected.RulesReleases, actual.RulesReleases, r => r.ReleaseName, (e, a) =>
            {
                Changed(differences, "RulesRelease", e.ReleaseName, "RulesetName", e.RulesetName, a.RulesetName);
                Changed(differences, "RulesRelease", e.ReleaseName, "Source", SourceOf(e), SourceOf(a));
            });
        }

        if (Has(areas, SnapshotAreas.Indexes))
        {
            Match(differences, "Index", expected.Indexes, actual.Indexes, i => i.Definition, (_, _) => { });
        }

        if (Has(areas, SnapshotAreas.FieldOverrides))
        {
            Match(differences, "FieldOverride", expected.FieldOverrides, actual.FieldOverrides, f => $"{f.CollectionGroup}.{f.FieldPath}", (e, a) =>
            {
                Changed(differences, "FieldOverride", e.Name, "Indexes", e.Indexes, a.Indexes);
                Changed(differences, "FieldOverride", e.Name, "TtlState", e.TtlState, a.TtlState);
            });
        }

        if (Has(areas, SnapshotAreas.AlertPolicies))
        {
            Match(differences, "AlertPolicy", expected.AlertPolicies, actual.AlertPolicies, p => p.DisplayName, (e, a) =>
            {
                Changed(differences, "AlertPolicy", e.DisplayName, "Enabled", e.Enabled.ToString(), a.Enabled.ToString());
                Changed(differences, "AlertPolicy", e.DisplayName, "Definition", e.DefinitionSha256, a.DefinitionSha256);
            });
        }

        if (Has(areas, SnapshotAreas.NotificationChannels))
        {
            Match(differences, "NotificationChannel", expected.NotificationChannels, actual.NotificationChannels, c => c.Name, (e, a) =>
            {
                Changed(differences, "NotificationChannel", e.Name, "Enabled", e.Enabled.ToString(), a.Enabled.ToString());
                Changed(differences, "NotificationChannel", e.Name, "DisplayName", e.DisplayName, a.DisplayName);
            });
        }

        return differences;
    }

    private static void CompareFunction(List<SnapshotDifference> differences, LiveFunction expected, LiveFunction actual, SnapshotAreas areas)
    {
        var target = expected.Name;
        if (Has(areas, SnapshotAreas.FunctionConfig))
        {
            Changed(differences, "Function", target, "Runtime", expected.Runtime, actual.Runtime);
            Changed(differences, "Function", target, "EntryPoint", expected.EntryPoint, actual.EntryPoint);
            Changed(differences, "Function", target, "EnvironmentVariableNames", string.Join(",", expected.EnvironmentVariableNames), string.Join(",", actual.EnvironmentVariableNames));
            Changed(differences, "Function", target, "SecretReferences", string.Join(",", expected.SecretReferences), string.Join(",", actual.SecretReferences));
            Changed(differences, "Function", target, "ConfigSha256", expected.ConfigSha256, actual.ConfigSha256);
            Changed(differences, "Function", target, "Invokers", string.Join(",", expected.Invokers), string.Join(",", actual.Invokers));
            Changed(differences, "Function", target, "Schedule", expected.Schedule, actual.Schedule);
        }

        if (Has(areas, SnapshotAreas.Traffic))
        {
            Changed(differences, "Traffic", target, "Traffic", TrafficOf(expected), TrafficOf(actual));
            Changed(differences, "Traffic", target, "ServingRevision", expected.ServingRevision, actual.ServingRevision);
        }
    }

    /// <summary>Order-independent: the API may list the same split in another order.</summary>
    private static string TrafficOf(LiveFunction function) =>
        string.Join(", ", function.Traffic.Select(t => t.ToString()).Order(StringComparer.Ordinal));

    private static string SourceOf(LiveRulesRelease release) =>
        string.Join(", ", release.Files.Select(f => $"{f.Name}:{f.Sha256}").Order(StringComparer.Ordinal));

    private static void Match<T>(List<SnapshotDifference> differences, string area, IReadOnlyList<T> expected, IReadOnlyList<T> actual, Func<T, string> key, Action<T, T> compare, bool reportPresence = true)
    {
        var actualByKey = actual.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in expected)
        {
            var k = key(item);
            expectedKeys.Add(k);
            if (actualByKey.TryGetValue(k, out var other))
            {
                compare(item, other);
            }
            else if (reportPresence)
            {
                differences.Add(new SnapshotDifference { Area = area, Target = k, Change = "Removed" });
            }
        }

        if (reportPresence)
        {
            differences.AddRange(actual.Select(key).Where(k => !expectedKeys.Contains(k)).Distinct(StringComparer.Ordinal)
                .Select(k => new SnapshotDifference { Area = area, Target = k, Change = "Added" }));
        }
    }

    private static void Changed(List<SnapshotDifference> differences, string area, string target, string property, string? expected, string? actual)
    {
        if (!string.Equals(expected ?? string.Empty, actual ?? string.Empty, StringComparison.Ordinal))
        {
            differences.Add(new SnapshotDifference { Area = area, Target = target, Change = "Changed", Property = property, Expected = expected, Actual = actual });
        }
    }

    private static bool Has(SnapshotAreas areas, SnapshotAreas any) => (areas & any) != 0;
}
