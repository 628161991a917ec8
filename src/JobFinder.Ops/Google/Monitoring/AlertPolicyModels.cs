using System.Text.Json;
using System.Text.Json.Serialization;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Google.Monitoring;

/// <summary>monitoring v3 AlertPolicy. Unmodelled fields (validity, condition kinds other than
/// threshold) survive GET → PATCH in the extension bags.</summary>
public sealed record AlertPolicy
{
    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    public AlertDocumentation? Documentation { get; init; }

    public Dictionary<string, string>? UserLabels { get; init; }

    public List<AlertCondition>? Conditions { get; init; }

    public AlertCombiner? Combiner { get; init; }

    public bool? Enabled { get; init; }

    public List<string>? NotificationChannels { get; init; }

    public AlertStrategy? AlertStrategy { get; init; }

    public AlertSeverity? Severity { get; init; }

    public MutationRecord? CreationRecord { get; init; }

    public MutationRecord? MutationRecord { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record AlertDocumentation
{
    public string? Content { get; init; }

    public string? MimeType { get; init; }

    public string? Subject { get; init; }

    public List<DocumentationLink>? Links { get; init; }
}

public sealed record DocumentationLink
{
    public string? DisplayName { get; init; }

    public string? Url { get; init; }
}

public sealed record AlertCondition
{
    /// <summary>Server-assigned <c>.../alertPolicies/ID/conditions/CID</c>; send it back to keep the id.</summary>
    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    public MetricThreshold? ConditionThreshold { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record MetricThreshold
{
    public string? Filter { get; init; }

    public ComparisonType? Comparison { get; init; }

    public double? ThresholdValue { get; init; }

    public TimeSpan? Duration { get; init; }

    public List<Aggregation>? Aggregations { get; init; }

    public string? DenominatorFilter { get; init; }

    public List<Aggregation>? DenominatorAggregations { get; init; }

    public AlertTrigger? Trigger { get; init; }

    public string? EvaluationMissingData { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record AlertTrigger
{
    public int? Count { get; init; }

    public double? Percent { get; init; }
}

public sealed record AlertStrategy
{
    public TimeSpan? AutoClose { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record MutationRecord
{
    public DateTimeOffset? MutateTime { get; init; }

    public string? MutatedBy { get; init; }
}

public sealed record Aggregation
{
    public TimeSpan? AlignmentPeriod { get; init; }

    public Aligner? PerSeriesAligner { get; init; }

    public Reducer? CrossSeriesReducer { get; init; }

    public List<string>? GroupByFields { get; init; }
}

public sealed record ListAlertPoliciesResponse
{
    public List<AlertPolicy>? AlertPolicies { get; init; }

    public string? NextPageToken { get; init; }

    public int? TotalSize { get; init; }
}

public sealed record NotificationChannel
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? UserLabels { get; init; }

    public bool? Enabled { get; init; }

    public string? VerificationStatus { get; init; }

    public MutationRecord? CreationRecord { get; init; }

    public List<MutationRecord>? MutationRecords { get; init; }
}

public sealed record ListNotificationChannelsResponse
{
    public List<NotificationChannel>? NotificationChannels { get; init; }

    public string? NextPageToken { get; init; }

    public int? TotalSize { get; init; }
}

[JsonConverter(typeof(GoogleEnumConverter<ComparisonType>))]
public enum ComparisonType
{
    ComparisonUnspecified,
    ComparisonGt,
    ComparisonGe,
    ComparisonLt,
    ComparisonLe,
    ComparisonEq,
    ComparisonNe,
}

[JsonConverter(typeof(GoogleEnumConverter<AlertCombiner>))]
public enum AlertCombiner
{
    CombineUnspecified,
    And,
    Or,
    AndWithMatchingResource,
}

[JsonConverter(typeof(GoogleEnumConverter<AlertSeverity>))]
public enum AlertSeverity
{
    SeverityUnspecified,
    Critical,
    Error,
    Warning,
}

[JsonConverter(typeof(GoogleEnumConverter<Aligner>))]
public enum Aligner
{
    AlignNone,
    AlignDelta,
    AlignRate,
    AlignInterpolate,
    AlignNextOlder,
    AlignMin,
    AlignMax,
    AlignMean,
    AlignCount,
    AlignSum,
    AlignStddev,
    AlignCountTrue,
    AlignCountFalse,
    AlignFractionTrue,
    AlignPercentile99,
    AlignPercentile95,
    AlignPercentile50,
    AlignPercentile05,
    AlignPercentChange,
}

[JsonConverter(typeof(GoogleEnumConverter<Reducer>))]
public enum Reducer
{
    ReduceNone,
    ReduceMean,
    ReduceMin,
    ReduceMax,
    ReduceSum,
    ReduceStddev,
    ReduceCount,
    ReduceCountTrue,
    ReduceCountFalse,
    ReduceFractionTrue,
    ReducePercentile99,
    ReducePercentile95,
    ReducePercentile50,
    ReducePercentile05,
}
