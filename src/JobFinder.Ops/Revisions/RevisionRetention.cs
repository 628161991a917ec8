using System.Globalization;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Revisions;

/// <summary>Which revisions of a Cloud Run service must stay, and why. The rules, first match wins:
/// a revision that serves traffic (a REVISION target or LATEST resolved through latestReadyRevision, in the
/// desired split or the one actually serving), one a traffic tag points at (its tag URL is somebody's
/// bookmark), the newest <c>rollout.keepRevisions</c>, and any revision a deployment started within
/// <c>rollout.keepRollbackWindow</c> could roll back to (the journal's stable revision and previous split).
/// Everything else may go. Decides only; nothing here calls an API.</summary>
public static class RevisionRetention
{
    /// <summary>The reason to keep each revision (short id → reason); a revision absent from the result may be removed.</summary>
    public static IReadOnlyDictionary<string, string> KeepReasons(
        RunService service, IReadOnlyList<Revision> revisions, int keepNewest, IReadOnlyDictionary<string, string> rollbackTargets)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(revisions);
        ArgumentNullException.ThrowIfNull(rollbackTargets);
        var latestReady = TrafficController.ShortRevision(service.LatestReadyRevision);
        var targets = (service.Traffic ?? []).Select(t => (t.Type, t.Revision, t.Percent, t.Tag))
            .Concat((service.TrafficStatuses ?? []).Select(t => (t.Type, t.Revision, t.Percent, t.Tag)))
            .Select(t => (Revision: t.Type == TrafficTargetAllocationType.Latest ? latestReady : t.Revision, Percent: t.Percent ?? 0, t.Tag))
            .Where(t => t.Revision is not null)
            .ToArray();
        var newest = revisions
            .OrderByDescending(r => r.CreateTime ?? DateTimeOffset.MinValue)
            .ThenByDescending(r => r.Name, StringComparer.Ordinal)
            .Take(keepNewest)
            .Select(r => ShortId(r))
            .ToHashSet(StringComparer.Ordinal);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in revisions.Select(ShortId))
        {
            var percent = targets.Where(t => t.Revision == id).Sum(t => t.Percent);
            var tag = targets.FirstOrDefault(t => t.Revision == id && !string.IsNullOrEmpty(t.Tag)).Tag;
            string? reason =
                percent > 0 ? $"serves traffic ({Math.Min(percent, 100).ToString(CultureInfo.InvariantCulture)}%)"
                : tag is not null ? $"carries the traffic tag '{tag}'"
                : newest.Contains(id) ? $"one of the newest {keepNewest.ToString(CultureInfo.InvariantCulture)} (rollout.keepRevisions)"
                : rollbackTargets.TryGetValue(id, out var deployment) ? $"deployment {deployment} can roll back to it (rollout.keepRollbackWindow)"
                : null;
            if (reason is not null)
            {
                reasons[id] = reason;
            }
        }

        return reasons;
    }

    /// <summary>The revisions the deployments of <paramref name="records"/> started since <paramref name="since"/>
    /// could roll back to (short id → the newest such deployment's id).</summary>
    public static IReadOnlyDictionary<string, string> RollbackTargets(IEnumerable<DeploymentRecord> records, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(records);
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.StartedAt >= since).OrderBy(r => r.StartedAt))
        {
            foreach (var function in record.Functions)
            {
                var revisions = function.PreviousTraffic.Where(a => !a.Latest).Select(a => a.Revision).Append(function.StableRevision);
                foreach (var revision in revisions.OfType<string>())
                {
                    targets[TrafficController.ShortRevision(revision)!] = record.Id;
                }
            }
        }

        return targets;
    }

    public static string ShortId(Revision revision) => TrafficController.ShortRevision(revision?.Name) ?? "";

    /// <summary>Human form of the rules, for the removal reason.</summary>
    public static string RemovalReason(int keepNewest, TimeSpan window) =>
        $"not serving, untagged, older than the newest {keepNewest.ToString(CultureInfo.InvariantCulture)}, and no deployment of the last {Span(window)} rolls back to it";

    private static string Span(TimeSpan span) => span.TotalHours >= 24 && span.TotalHours % 24 == 0
        ? span.TotalDays.ToString("0", CultureInfo.InvariantCulture) + " d"
        : span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " h";
}
