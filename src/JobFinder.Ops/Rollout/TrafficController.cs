using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Sets a Cloud Run service's traffic split (reference §3.2): GET for the etag, PATCH
/// <c>updateMask=traffic</c> with the etag, wait for the reconcile. A concurrent change (409 ABORTED,
/// or FAILED_PRECONDITION on a stale etag) is answered by reading the service again and retrying;
/// transient failures are the REST layer's retries.</summary>
internal sealed class TrafficController(GoogleRestClient client)
{
    public const string StableTag = "stable";
    public const string CanaryTag = "canary";
    private const int MaxConflictRetries = 5;

    private readonly CloudRunApi _run = new(client);

    public Task<RunService> GetAsync(string serviceName, CancellationToken cancellationToken) =>
        _run.GetServiceAsync(RunServiceName.Parse(serviceName), cancellationToken);

    /// <summary>Sends the split and waits until the service serves it. Returns the reconciled service.</summary>
    public async Task<RunService> SetAsync(string serviceName, IReadOnlyList<TrafficTarget> traffic, string why, CancellationToken cancellationToken)
    {
        var name = RunServiceName.Parse(serviceName);
        for (var attempt = 1; ; attempt++)
        {
            var current = await _run.GetServiceAsync(name, cancellationToken).ConfigureAwait(false);
            if (Serves(current, traffic))
            {
                client.Events.Verbose($"{name.Service}: traffic already {Describe(traffic)} ({why}).");
                return current;
            }

            try
            {
                client.Events.Verbose($"{name.Service}: PATCH traffic {Describe(traffic)} ({why}).");
                var operation = await _run.PatchServiceAsync(new RunService { Name = serviceName, Etag = current.Etag, Traffic = [.. traffic] }, ["traffic"], cancellationToken: cancellationToken).ConfigureAwait(false);
                return await _run.WaitForServiceAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (GoogleApiException ex) when (IsConflict(ex) && attempt < MaxConflictRetries)
            {
                client.Events.Verbose($"{name.Service}: the service changed under us ({ex.Status}); reading it again (attempt {attempt + 1}).");
            }
        }
    }

    /// <summary>The split as our model records it.</summary>
    public static IReadOnlyList<TrafficAllocation> Allocations(RunService service) =>
        (service.Traffic is { Count: > 0 } traffic ? traffic : [new TrafficTarget { Type = TrafficTargetAllocationType.Latest, Percent = 100 }])
        .Select(t => new TrafficAllocation(t.Type == TrafficTargetAllocationType.Latest ? null : t.Revision, t.Percent ?? 0, t.Tag, t.Type == TrafficTargetAllocationType.Latest))
        .ToArray();

    public static IReadOnlyList<TrafficTarget> Targets(IEnumerable<TrafficAllocation> allocations) =>
        allocations.Select(a => new TrafficTarget
        {
            Type = a.Latest ? TrafficTargetAllocationType.Latest : TrafficTargetAllocationType.Revision,
            Revision = a.Latest ? null : a.Revision,
            Percent = a.Percent,
            Tag = a.Tag,
        }).ToArray();

    /// <summary>The revision serving the most traffic: a REVISION entry, or LATEST resolved through
    /// <c>latestReadyRevision</c> (short id).</summary>
    public static string? ServingRevision(RunService service)
    {
        var top = Allocations(service).OrderByDescending(a => a.Percent).First();
        return top.Latest ? ShortRevision(service.LatestReadyRevision) : top.Revision;
    }

    public static string? ShortRevision(string? revision) => revision is null ? null : revision[(revision.LastIndexOf('/') + 1)..];

    /// <summary>Stable gets the rest, canary <paramref name="canaryPercent"/>; both tagged.</summary>
    public static IReadOnlyList<TrafficTarget> Split(string stable, string canary, int canaryPercent) =>
    [
        new() { Type = TrafficTargetAllocationType.Revision, Revision = stable, Percent = 100 - canaryPercent, Tag = StableTag },
        new() { Type = TrafficTargetAllocationType.Revision, Revision = canary, Percent = canaryPercent, Tag = CanaryTag },
    ];

    public static IReadOnlyList<TrafficTarget> AllTo(string revision) =>
        [new() { Type = TrafficTargetAllocationType.Revision, Revision = revision, Percent = 100, Tag = StableTag }];

    public static IReadOnlyList<TrafficTarget> AllToLatest { get; } = [new() { Type = TrafficTargetAllocationType.Latest, Percent = 100 }];

    /// <summary>Tag URL of <paramref name="tag"/> from <c>trafficStatuses</c>.</summary>
    public static string? TagUrl(RunService service, string tag) =>
        service.TrafficStatuses?.FirstOrDefault(s => s.Tag == tag)?.Uri;

    private static bool Serves(RunService service, IReadOnlyList<TrafficTarget> desired)
    {
        var live = service.Traffic ?? [];
        return service.Reconciling != true
            && live.Count == desired.Count
            && desired.All(d => live.Any(l => l.Type == d.Type && l.Revision == d.Revision && (l.Percent ?? 0) == d.Percent && l.Tag == d.Tag));
    }

    private static bool IsConflict(GoogleApiException ex) =>
        ex.HttpStatus == 409 || (ex.Status == "FAILED_PRECONDITION" && ex.ApiMessage.Contains("etag", StringComparison.OrdinalIgnoreCase));

    private static string Describe(IEnumerable<TrafficTarget> traffic) =>
        string.Join(", ", traffic.Select(t => $"{(t.Type == TrafficTargetAllocationType.Latest ? "LATEST" : t.Revision)}={t.Percent}%{(t.Tag is null ? "" : "#" + t.Tag)}"));
}
