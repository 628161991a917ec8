using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>The dashboard (Dashboards API v1, <c>gridLayout</c>): for each function three line charts on
/// its Cloud Run service — requests per second, the 5xx share of requests, and p95 latency — the
/// numbers the plan's success metrics are stated in (error &lt; 1%, p95 &lt; 5 s).</summary>
internal static class DashboardBuilder
{
    private const string Period = "60s";
    private const string RequestsTitle = ": requests/s";

    /// <summary>The functions a dashboard of ours shows, in order, read back from its request-rate charts'
    /// titles (the export writes them as the dashboard's <c>functions</c>).</summary>
    public static IReadOnlyList<string> FunctionsOf(JsonObject dashboard) =>
        (dashboard["gridLayout"]?["widgets"] as JsonArray ?? [])
            .Select(w => w?["title"]?.GetValue<string>())
            .Where(t => t is not null && t.EndsWith(RequestsTitle, StringComparison.Ordinal))
            .Select(t => t![..^RequestsTitle.Length])
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The grid's column count (int64, a string in JSON); 3 when absent.</summary>
    public static int ColumnsOf(JsonObject dashboard) =>
        int.TryParse(dashboard["gridLayout"]?["columns"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var columns) ? columns : 3;

    public static JsonObject Build(DashboardSpec spec)
    {
        var widgets = new JsonArray();
        foreach (var function in spec.Functions)
        {
            var revision = $"resource.type=\"cloud_run_revision\" resource.labels.service_name=\"{function.ServiceName}\"";
            var requests = $"metric.type=\"run.googleapis.com/request_count\" {revision}";
            widgets.Add(Chart(function.Function + RequestsTitle, "requests/s",
                new JsonObject { ["timeSeriesFilter"] = Filter(requests, "ALIGN_RATE", "REDUCE_SUM") }));
            widgets.Add(Chart($"{function.Function}: error rate (5xx share)", "5xx / all",
                new JsonObject
                {
                    ["timeSeriesFilterRatio"] = new JsonObject
                    {
                        ["numerator"] = Filter($"{requests} metric.labels.response_code_class=\"5xx\"", "ALIGN_RATE", "REDUCE_SUM"),
                        ["denominator"] = Filter(requests, "ALIGN_RATE", "REDUCE_SUM"),
                    },
                }));
            widgets.Add(Chart($"{function.Function}: p95 latency", "ms",
                new JsonObject { ["timeSeriesFilter"] = Filter($"metric.type=\"run.googleapis.com/request_latencies\" {revision}", "ALIGN_PERCENTILE_95", "REDUCE_MAX") }));
        }

        return new JsonObject
        {
            ["displayName"] = spec.DisplayName,
            ["gridLayout"] = new JsonObject
            {
                // int64 in the proto, so a string in JSON.
                ["columns"] = spec.Columns.ToString(CultureInfo.InvariantCulture),
                ["widgets"] = widgets,
            },
            ["labels"] = new JsonObject { [MonitoringLabels.ManagedBy] = MonitoringLabels.ManagedByValue },
        };
    }

    private static JsonObject Chart(string title, string axisLabel, JsonObject query) => new()
    {
        ["title"] = title,
        ["xyChart"] = new JsonObject
        {
            ["dataSets"] = new JsonArray(new JsonObject
            {
                ["timeSeriesQuery"] = query,
                ["plotType"] = "LINE",
                ["targetAxis"] = "Y1",
            }),
            ["yAxis"] = new JsonObject { ["label"] = axisLabel, ["scale"] = "LINEAR" },
        },
    };

    private static JsonObject Filter(string filter, string aligner, string reducer) => new()
    {
        ["filter"] = filter,
        ["aggregation"] = new JsonObject
        {
            ["alignmentPeriod"] = Period,
            ["perSeriesAligner"] = aligner,
            ["crossSeriesReducer"] = reducer,
        },
    };
}
