using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobFinder.Ops.Google.Monitoring;

/// <summary>monitoring v3 Service (an SLO's subject).</summary>
public sealed record MonitoredService
{
    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    public Dictionary<string, string>? UserLabels { get; init; }

    public CloudRunServiceRef? CloudRun { get; init; }

    /// <summary>Present (as <c>{}</c>) for a custom service.</summary>
    public JsonElement? Custom { get; init; }

    public ServiceTelemetry? Telemetry { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record CloudRunServiceRef
{
    public string? ServiceName { get; init; }

    public string? Location { get; init; }
}

public sealed record ServiceTelemetry
{
    public string? ResourceName { get; init; }
}

public sealed record ListMonitoredServicesResponse
{
    public List<MonitoredService>? Services { get; init; }

    public string? NextPageToken { get; init; }
}

public sealed record ServiceLevelObjective
{
    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>0 &lt; goal &lt; 1, e.g. 0.995.</summary>
    public double? Goal { get; init; }

    public TimeSpan? RollingPeriod { get; init; }

    public string? CalendarPeriod { get; init; }

    public Dictionary<string, string>? UserLabels { get; init; }

    public ServiceLevelIndicator? ServiceLevelIndicator { get; init; }
}

public sealed record ServiceLevelIndicator
{
    public RequestBasedSli? RequestBased { get; init; }

    /// <summary>basicSli / windowsBased, passed through.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record RequestBasedSli
{
    public TimeSeriesRatio? GoodTotalRatio { get; init; }

    public DistributionCut? DistributionCut { get; init; }
}

public sealed record TimeSeriesRatio
{
    public string? GoodServiceFilter { get; init; }

    public string? BadServiceFilter { get; init; }

    public string? TotalServiceFilter { get; init; }
}

public sealed record DistributionCut
{
    public string? DistributionFilter { get; init; }

    public SliRange? Range { get; init; }
}

public sealed record SliRange
{
    public double? Min { get; init; }

    public double? Max { get; init; }
}

public sealed record ListServiceLevelObjectivesResponse
{
    public List<ServiceLevelObjective>? ServiceLevelObjectives { get; init; }

    public string? NextPageToken { get; init; }
}

/// <summary>Dashboards v1 Dashboard. The layout (grid/mosaic/row/column and widgets) is a deep tree we
/// only carry, so it stays in <see cref="ExtensionData"/>.</summary>
public sealed record Dashboard
{
    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Send it back on PATCH to fail on a concurrent change.</summary>
    public string? Etag { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record ListDashboardsResponse
{
    public List<Dashboard>? Dashboards { get; init; }

    public string? NextPageToken { get; init; }
}
