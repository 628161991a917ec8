using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>One Cloud Run service (a gen2 function's, or any). <see cref="Traffic"/> is what was asked for;
/// <see cref="ServingTraffic"/> is what serves requests, caught up when reconciliation finishes.</summary>
public sealed class RunService
{
    public required string Project { get; init; }

    public required string Location { get; init; }

    public required string Id { get; init; }

    public required string Uid { get; init; }

    public required DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; set; }

    public long Generation { get; set; } = 1;

    public long ObservedGeneration { get; set; }

    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Annotations { get; set; } = new(StringComparer.Ordinal);

    public JsonObject Template { get; set; } = [];

    public List<TrafficTarget> Traffic { get; set; } = [.. TrafficTarget.AllToLatest];

    public List<TrafficTarget> ServingTraffic { get; set; } = [.. TrafficTarget.AllToLatest];

    public List<RunRevision> Revisions { get; init; } = [];

    /// <summary>Changes (deploys, traffic updates) not yet reconciled.</summary>
    public int PendingChanges { get; set; }

    /// <summary>Message of the last failed reconciliation (terminalCondition FAILED), cleared by a success.</summary>
    public string? FailureMessage { get; set; }

    [JsonIgnore]
    public string Name => $"projects/{Project}/locations/{Location}/services/{Id}";

    public string RevisionName(string revisionId) => $"{Name}/revisions/{revisionId}";

    /// <summary>Quoted fingerprint of uid + generation, like Run's etags.</summary>
    [JsonIgnore]
    public string Etag => "\"" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Uid + ":" + Generation)).AsSpan(0, 12)) + "\"";

    public RunRevision? FindRevision(string id) => Revisions.FirstOrDefault(r => r.Id == id);

    [JsonIgnore]
    public RunRevision? LatestCreated => Revisions.MaxBy(r => r.Number);

    public RunRevision? LatestReady(DateTimeOffset now) => Revisions.Where(r => r.IsReady(now)).MaxBy(r => r.Number);

    /// <summary>Revision id → percent actually served now (LATEST resolved to the latest Ready revision).</summary>
    public IReadOnlyList<(RunRevision Revision, int Percent)> ServingSplit(DateTimeOffset now)
    {
        var split = new Dictionary<RunRevision, int>();
        foreach (var target in ServingTraffic.Where(t => t.Percent > 0))
        {
            var revision = target.IsLatest ? LatestReady(now) : FindRevision(target.Revision!);
            if (revision is not null && revision.IsReady(now))
            {
                split[revision] = split.GetValueOrDefault(revision) + target.Percent;
            }
        }

        return split.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    /// <summary>The revision a tag URL reaches (from serving traffic).</summary>
    public RunRevision? TaggedRevision(string tag, DateTimeOffset now)
    {
        var target = ServingTraffic.FirstOrDefault(t => t.Tag == tag);
        return target is null ? null : target.IsLatest ? LatestReady(now) : FindRevision(target.Revision!);
    }

    /// <summary>True when a revision is referenced by requested or serving traffic (directly, or as the
    /// latest Ready revision under a LATEST target).</summary>
    public bool ServesTraffic(RunRevision revision, DateTimeOffset now) =>
        Traffic.Concat(ServingTraffic).Any(t =>
            t.Revision == revision.Id || (t.IsLatest && LatestReady(now) == revision));
}
