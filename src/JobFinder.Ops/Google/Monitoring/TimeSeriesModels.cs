using System.Text.Json;
using System.Text.Json.Serialization;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Operations;

namespace JobFinder.Ops.Google.Monitoring;

/// <summary>Everything <c>timeSeries.list</c> takes, as typed values; see <see cref="MonitoringApi.ListTimeSeriesAsync"/>.</summary>
public sealed record TimeSeriesQuery
{
    /// <summary>One metric type, e.g. <c>metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="s"</c>.</summary>
    public required string Filter { get; init; }

    /// <summary>The interval is (start, end].</summary>
    public required DateTimeOffset EndTime { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public Aggregation? Aggregation { get; init; }

    public Aggregation? SecondaryAggregation { get; init; }

    public string? OrderBy { get; init; }

    public TimeSeriesView? View { get; init; }

    public int? PageSize { get; init; }
}

public sealed record TimeSeries
{
    public MetricLabels? Metric { get; init; }

    public MetricLabels? Resource { get; init; }

    public MetricKind? MetricKind { get; init; }

    public MetricValueType? ValueType { get; init; }

    public string? Unit { get; init; }

    /// <summary>Newest first.</summary>
    public List<Point>? Points { get; init; }
}

/// <summary>Shape shared by <c>metric</c> and <c>resource</c>: a type and its labels.</summary>
public sealed record MetricLabels
{
    public string? Type { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

public sealed record Point
{
    public TimeInterval? Interval { get; init; }

    public TypedValue? Value { get; init; }
}

public sealed record TimeInterval
{
    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }
}

public sealed record TypedValue
{
    public bool? BoolValue { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Int64Value { get; init; }

    public double? DoubleValue { get; init; }

    public string? StringValue { get; init; }

    public Distribution? DistributionValue { get; init; }
}

public sealed record Distribution
{
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Count { get; init; }

    public double? Mean { get; init; }

    public double? SumOfSquaredDeviation { get; init; }

    /// <summary>Bucket layout, passed through (linear, exponential or explicit).</summary>
    public JsonElement? BucketOptions { get; init; }

    /// <summary>int64 values, sent as strings.</summary>
    public List<long>? BucketCounts { get; init; }
}

public sealed record ListTimeSeriesResponse
{
    public List<TimeSeries>? TimeSeries { get; init; }

    public string? NextPageToken { get; init; }

    public string? Unit { get; init; }

    public List<RpcStatus>? ExecutionErrors { get; init; }

    public List<string>? Unreachable { get; init; }
}

[JsonConverter(typeof(GoogleEnumConverter<MetricKind>))]
public enum MetricKind
{
    MetricKindUnspecified,
    Gauge,
    Delta,
    Cumulative,
}

[JsonConverter(typeof(GoogleEnumConverter<MetricValueType>))]
public enum MetricValueType
{
    ValueTypeUnspecified,
    Bool,

    /// <summary>Google spells it <c>INT64</c> (no underscore before the digits, unlike GEN_2).</summary>
    [JsonStringEnumMemberName("INT64")]
    Int64,
    Double,
    String,
    Distribution,
    Money,
}

[JsonConverter(typeof(GoogleEnumConverter<TimeSeriesView>))]
public enum TimeSeriesView
{
    Full,
    Headers,
}
