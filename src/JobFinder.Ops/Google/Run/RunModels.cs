using System.Text.Json;
using System.Text.Json.Serialization;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Google.Run;

/// <summary>run v2 Service (named RunService to keep it apart from Monitoring's Service). Unmodelled
/// fields survive GET → PATCH in <see cref="ExtensionData"/>.</summary>
public sealed record RunService
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? Uid { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Generation { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }

    public DateTimeOffset? CreateTime { get; init; }

    public DateTimeOffset? UpdateTime { get; init; }

    public string? Creator { get; init; }

    public string? LastModifier { get; init; }

    public string? Ingress { get; init; }

    public RevisionTemplate? Template { get; init; }

    public List<TrafficTarget>? Traffic { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? ObservedGeneration { get; init; }

    public RunCondition? TerminalCondition { get; init; }

    public List<RunCondition>? Conditions { get; init; }

    /// <summary>Full revision name, <c>projects/P/locations/L/services/S/revisions/R</c>.</summary>
    public string? LatestReadyRevision { get; init; }

    public string? LatestCreatedRevision { get; init; }

    public List<TrafficTargetStatus>? TrafficStatuses { get; init; }

    public string? Uri { get; init; }

    public List<string>? Urls { get; init; }

    public bool? Reconciling { get; init; }

    /// <summary>Send it back on PATCH to fail on a concurrent change.</summary>
    public string? Etag { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record RevisionTemplate
{
    /// <summary>Short revision id to create (optional).</summary>
    public string? Revision { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }

    public RevisionScaling? Scaling { get; init; }

    public TimeSpan? Timeout { get; init; }

    public string? ServiceAccount { get; init; }

    public List<RunContainer>? Containers { get; init; }

    public int? MaxInstanceRequestConcurrency { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record RevisionScaling
{
    public int? MinInstanceCount { get; init; }

    public int? MaxInstanceCount { get; init; }
}

public sealed record RunContainer
{
    public string? Name { get; init; }

    public string? Image { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record TrafficTarget
{
    public TrafficTargetAllocationType? Type { get; init; }

    /// <summary>Short revision id (<c>S-00002-xyz</c>) when <see cref="Type"/> is REVISION.</summary>
    public string? Revision { get; init; }

    public int? Percent { get; init; }

    public string? Tag { get; init; }
}

public sealed record TrafficTargetStatus
{
    public TrafficTargetAllocationType? Type { get; init; }

    public string? Revision { get; init; }

    public int? Percent { get; init; }

    public string? Tag { get; init; }

    public string? Uri { get; init; }
}

public sealed record RunCondition
{
    public string? Type { get; init; }

    public RunConditionState? State { get; init; }

    public string? Message { get; init; }

    public DateTimeOffset? LastTransitionTime { get; init; }

    public string? Severity { get; init; }

    public string? Reason { get; init; }

    public string? RevisionReason { get; init; }
}

public sealed record Revision
{
    public string? Name { get; init; }

    public string? Uid { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Generation { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }

    public DateTimeOffset? CreateTime { get; init; }

    public DateTimeOffset? UpdateTime { get; init; }

    public DateTimeOffset? DeleteTime { get; init; }

    public string? Service { get; init; }

    public RevisionScaling? Scaling { get; init; }

    public TimeSpan? Timeout { get; init; }

    public string? ServiceAccount { get; init; }

    public List<RunContainer>? Containers { get; init; }

    public int? MaxInstanceRequestConcurrency { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? ObservedGeneration { get; init; }

    public List<RunCondition>? Conditions { get; init; }

    public bool? Reconciling { get; init; }

    public string? LogUri { get; init; }

    public string? Etag { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record ListRunServicesResponse
{
    public List<RunService>? Services { get; init; }

    public string? NextPageToken { get; init; }
}

public sealed record ListRevisionsResponse
{
    public List<Revision>? Revisions { get; init; }

    public string? NextPageToken { get; init; }
}

public sealed record WaitOperationRequest
{
    public TimeSpan? Timeout { get; init; }
}

[JsonConverter(typeof(GoogleEnumConverter<TrafficTargetAllocationType>))]
public enum TrafficTargetAllocationType
{
    [JsonStringEnumMemberName("TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED")]
    Unspecified,
    [JsonStringEnumMemberName("TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST")]
    Latest,
    [JsonStringEnumMemberName("TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION")]
    Revision,
}

[JsonConverter(typeof(GoogleEnumConverter<RunConditionState>))]
public enum RunConditionState
{
    StateUnspecified,
    ConditionPending,
    ConditionReconciling,
    ConditionFailed,
    ConditionSucceeded,
}

/// <summary><c>projects/{Project}/locations/{Location}/services/{Service}</c>.</summary>
public sealed record RunServiceName(string Project, string Location, string Service)
{
    public static RunServiceName Parse(string name)
    {
        var parts = ResourceName.Parse(name, "projects/*/locations/*/services/*");
        return new RunServiceName(parts[0], parts[1], parts[2]);
    }

    public string Parent => $"projects/{Project}/locations/{Location}";

    public RevisionName Revision(string revisionId) => new(Project, Location, Service, revisionId);

    public override string ToString() => $"{Parent}/services/{Service}";
}

/// <summary><c>projects/{Project}/locations/{Location}/services/{Service}/revisions/{Revision}</c>.</summary>
public sealed record RevisionName(string Project, string Location, string Service, string Revision)
{
    public static RevisionName Parse(string name)
    {
        var parts = ResourceName.Parse(name, "projects/*/locations/*/services/*/revisions/*");
        return new RevisionName(parts[0], parts[1], parts[2], parts[3]);
    }

    public RunServiceName ServiceName => new(Project, Location, Service);

    public override string ToString() => $"{ServiceName}/revisions/{Revision}";
}
