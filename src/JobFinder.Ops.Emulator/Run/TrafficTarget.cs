using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>google.cloud.run.v2.TrafficTarget: LATEST (the latest Ready revision) or a named revision (short id).</summary>
public sealed record TrafficTarget(string Type, string? Revision, int Percent, string? Tag)
{
    public const string Latest = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
    public const string ByRevision = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

    public static readonly IReadOnlyList<TrafficTarget> AllToLatest = [new(Latest, null, 100, null)];

    public bool IsLatest => Type == Latest;

    /// <summary>Proto3 JSON: zero percent and empty strings are omitted.</summary>
    public JsonObject ToJson(string? uri = null)
    {
        var json = new JsonObject { ["type"] = Type };
        if (Revision is not null)
        {
            json["revision"] = Revision;
        }

        if (Percent != 0)
        {
            json["percent"] = Percent;
        }

        if (Tag is not null)
        {
            json["tag"] = Tag;
        }

        if (uri is not null)
        {
            json["uri"] = uri;
        }

        return json;
    }

    /// <summary>Parses a request's traffic entry. A full revision name is reduced to its short id; an
    /// unspecified type with a revision means REVISION.</summary>
    public static TrafficTarget Parse(JsonObject json, int index)
    {
        var revision = json["revision"]?.GetValue<string>();
        if (revision is not null && revision.Contains('/'))
        {
            revision = revision[(revision.LastIndexOf('/') + 1)..];
        }

        var type = json["type"]?.GetValue<string>();
        type = type is null or "TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED" ? (revision is null ? Latest : ByRevision) : type;
        if (type is not (Latest or ByRevision))
        {
            throw GoogleErrors.InvalidArgument($"Invalid traffic target type \"{type}\".", [($"traffic[{index}].type", "must be TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST or TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION")]);
        }

        var percent = json["percent"] is { } p ? (int)(GoogleJson.ReadInt64(p) ?? -1) : 0;
        var tag = json["tag"]?.GetValue<string>();
        return new TrafficTarget(type, type == Latest ? null : revision, percent, string.IsNullOrEmpty(tag) ? null : tag);
    }
}
