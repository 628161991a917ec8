using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>The Service Monitoring resources behind declared SLOs: one <c>cloudRun</c> service per
/// function (id <c>jobfinder-SERVICE</c>) and request-based SLIs on the Cloud Run metrics: availability
/// as the good/total ratio with 5xx answers bad, latency as the distribution cut of
/// <c>request_latencies</c> up to the threshold.</summary>
internal static class SloBuilder
{
    public static string ServiceId(SloSpec slo) => "jobfinder-" + slo.ServiceName;

    private const string ServiceMarker = " (Cloud Run service ";

    public static JsonObject Service(SloSpec slo) => new()
    {
        ["displayName"] = slo.Function + ServiceMarker + slo.ServiceName + ")",
        ["cloudRun"] = new JsonObject { ["serviceName"] = slo.ServiceName, ["location"] = slo.Location },
        ["userLabels"] = new JsonObject { [MonitoringLabels.ManagedBy] = MonitoringLabels.ManagedByValue },
    };

    /// <summary>The function a service of ours stands for (its display name starts with it), else its Cloud
    /// Run service name.</summary>
    public static string FunctionOf(Google.Monitoring.MonitoredService service)
    {
        var cut = service.DisplayName?.IndexOf(ServiceMarker, StringComparison.Ordinal) ?? -1;
        return cut > 0 ? service.DisplayName![..cut] : service.CloudRun?.ServiceName ?? service.Name!.Split('/')[^1];
    }

    public static JsonObject Objective(SloSpec slo)
    {
        var revision = $"resource.type=\"cloud_run_revision\" resource.labels.service_name=\"{slo.ServiceName}\"";
        JsonObject sli = slo.Kind == SloKind.Availability
            ? new JsonObject
            {
                ["goodTotalRatio"] = new JsonObject
                {
                    ["badServiceFilter"] = $"metric.type=\"run.googleapis.com/request_count\" {revision} metric.labels.response_code_class=\"5xx\"",
                    ["totalServiceFilter"] = $"metric.type=\"run.googleapis.com/request_count\" {revision}",
                },
            }
            : new JsonObject
            {
                ["distributionCut"] = new JsonObject
                {
                    ["distributionFilter"] = $"metric.type=\"run.googleapis.com/request_latencies\" {revision}",
                    ["range"] = new JsonObject { ["min"] = 0d, ["max"] = slo.ThresholdMs!.Value },
                },
            };

        var objective = new JsonObject
        {
            ["displayName"] = slo.DisplayName,
            ["goal"] = slo.Goal,
            ["serviceLevelIndicator"] = new JsonObject { ["requestBased"] = sli },
            ["userLabels"] = new JsonObject { [MonitoringLabels.ManagedBy] = MonitoringLabels.ManagedByValue },
        };
        if (slo.RollingPeriod is { } rolling)
        {
            objective["rollingPeriod"] = GoogleDurationConverter.Format(rolling);
        }
        else
        {
            objective["calendarPeriod"] = slo.CalendarPeriod;
        }

        return objective;
    }
}
