using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Monitoring.Apply;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Export;

/// <summary>Our SLOs and dashboard read back into the entries of the monitoring file that
/// <see cref="SloBuilder"/> and <see cref="DashboardBuilder"/> build them from, so applying the export
/// plans no change: fields left at their defaults are left out (a default display name, 3 columns).</summary>
internal static class LiveMonitoringSpecs
{
    public static JsonObject Slo(MonitoredService service, ServiceLevelObjective objective)
    {
        var function = SloBuilder.FunctionOf(service);
        var sli = objective.ServiceLevelIndicator?.RequestBased;
        var kind = sli?.DistributionCut is not null ? SloKind.Latency : SloKind.Availability;
        var threshold = sli?.DistributionCut?.Range?.Max;
        var goal = objective.Goal ?? 0;
        var entry = new JsonObject
        {
            ["name"] = objective.Name!.Split('/')[^1],
            ["function"] = function,
            ["kind"] = kind == SloKind.Latency ? "latency" : "availability",
            ["goal"] = goal,
        };
        if (kind == SloKind.Latency && threshold is { } max)
        {
            entry["thresholdMs"] = max;
        }

        if (objective.CalendarPeriod is { } calendar)
        {
            entry["calendarPeriod"] = calendar;
        }
        else if (objective.RollingPeriod is { } rolling)
        {
            entry["rollingPeriod"] = rolling.Ticks % TimeSpan.TicksPerDay == 0
                ? ((long)rolling.TotalDays).ToString(CultureInfo.InvariantCulture) + "d"
                : GoogleDurationConverter.Format(rolling);
        }

        if (objective.DisplayName is { } displayName && (kind == SloKind.Latency && threshold is null || displayName != SloSpecReader.DefaultDisplayName(function, kind, goal, threshold)))
        {
            entry["displayName"] = displayName;
        }

        return entry;
    }

    public static JsonObject Dashboard(Dashboard dashboard)
    {
        var json = (JsonObject)JsonSerializer.SerializeToNode(dashboard, GoogleJsonContext.Default.Dashboard)!;
        var entry = new JsonObject
        {
            ["displayName"] = dashboard.DisplayName,
            ["functions"] = new JsonArray(DashboardBuilder.FunctionsOf(json).Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
        };
        var columns = DashboardBuilder.ColumnsOf(json);
        if (columns != 3)
        {
            entry["columns"] = columns;
        }

        return entry;
    }
}
