using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Undo;

/// <summary>Turns a function's recorded previous split into the split to send back. A <c>LATEST</c>
/// entry meant "the latest ready revision then"; once the deployment created a newer revision, or while
/// its function update is still running (a killed process's operation goes on in the API and will
/// create one), LATEST would follow it, so the entry becomes that earlier revision by name (same share,
/// same tag). Otherwise the entry is kept as it was, so the split is restored exactly.</summary>
internal static class PreviousSplitResolver
{
    /// <param name="function">The journal's entry (previous split, stable revision).</param>
    /// <param name="live">The service as it is now.</param>
    /// <param name="latestThen">The revision LATEST resolved to before the deployment (see <see cref="LatestBefore"/>).</param>
    /// <param name="updateInFlight">The function is DEPLOYING: a newer revision is on its way.</param>
    public static IReadOnlyList<TrafficTarget> Resolve(FunctionDeploymentRecord function, RunService live, string? latestThen, bool updateInFlight = false)
    {
        var previous = function.PreviousTraffic;
        var latestNow = TrafficController.ShortRevision(live.LatestReadyRevision);
        if (!previous.Any(a => a.Latest) || latestThen is null || (latestThen == latestNow && !updateInFlight))
        {
            return TrafficController.Targets(previous);
        }

        // Same revision twice without tags (LATEST and its own name) would be refused: add their shares.
        var concrete = previous.Select(a => a.Latest ? a with { Latest = false, Revision = latestThen } : a).ToList();
        var merged = concrete
            .GroupBy(a => (a.Revision, a.Tag))
            .Select(g => g.First() with { Percent = g.Sum(a => a.Percent) })
            .ToArray();
        return TrafficController.Targets(merged);
    }

    /// <summary>What LATEST meant before the deployment started: the stable revision when LATEST held
    /// the largest share (that is how the pin chose it); otherwise the newest Ready revision created
    /// before the deployment began.</summary>
    public static string? LatestBefore(FunctionDeploymentRecord function, IEnumerable<Revision> revisions, DateTimeOffset deploymentStarted)
    {
        var top = function.PreviousTraffic.OrderByDescending(a => a.Percent).FirstOrDefault();
        if (top is { Latest: true })
        {
            return function.StableRevision;
        }

        return revisions
            .Where(r => r.CreateTime is { } created && created < deploymentStarted && RevisionState.IsReady(r))
            .OrderByDescending(r => r.CreateTime)
            .Select(r => TrafficController.ShortRevision(r.Name))
            .FirstOrDefault() ?? function.StableRevision;
    }

    /// <summary>True when the service already serves <paramref name="desired"/> (order-independent).</summary>
    public static bool Serves(RunService service, IReadOnlyList<TrafficTarget> desired)
    {
        var live = (service.Traffic ?? []).Where(t => (t.Percent ?? 0) > 0 || t.Tag is not null).ToArray();
        var wanted = desired.Where(t => (t.Percent ?? 0) > 0 || t.Tag is not null).ToArray();
        return service.Reconciling != true
            && live.Length == wanted.Length
            && wanted.All(d => live.Any(l => l.Type == d.Type && (l.Type == TrafficTargetAllocationType.Latest || l.Revision == d.Revision) && (l.Percent ?? 0) == (d.Percent ?? 0) && l.Tag == d.Tag));
    }

    public static string Describe(IEnumerable<TrafficTarget> traffic) =>
        string.Join(", ", traffic.Select(t => $"{(t.Type == TrafficTargetAllocationType.Latest ? "LATEST" : t.Revision)}={t.Percent}%{(t.Tag is null ? "" : " #" + t.Tag)}"));
}
