using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Metrics;

/// <summary>Monitoring v3 <c>GET v3/projects/{p}/timeSeries</c> for the Cloud Run request metrics the
/// runtime records (<c>request_count</c>, <c>request_latencies</c> on <c>cloud_run_revision</c>).
/// Other metric types return an empty list, as Google does for metrics without data. A request shows
/// only once its sample period's point is visible (<see cref="MonitoringTiming"/>).</summary>
public sealed class TimeSeriesApi(MetricStore store, EmulatorContext context) : IEmulatorApi
{
    public string Label => "monitoring";

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("v3/projects/{project}/timeSeries", (HttpContext http) =>
        {
            var query = TimeSeriesQuery.Parse(http.Request.Query, context.Monitoring.SamplePeriod);
            if (query.MetricType is not (TimeSeriesQuery.RequestCount or TimeSeriesQuery.RequestLatencies))
            {
                return GoogleJson.Result(new JsonObject());
            }

            var samples = store.Visible(query.Start, query.End, http.RouteString("project"), context.Monitoring).Where(query.Matches).ToList();
            var series = TimeSeriesAggregator.Build(query, samples);
            var (page, next) = Paging.Page(series, http.Request, defaultPageSize: 1000, maxPageSize: 100_000);
            var body = new JsonObject();
            if (page.Count > 0)
            {
                body["timeSeries"] = new JsonArray(page.Select(s => (JsonNode)s).ToArray());
            }

            if (next is not null)
            {
                body["nextPageToken"] = next;
            }

            body["unit"] = query.IsDistribution ? "ms" : "1";
            return GoogleJson.Result(body);
        });
}
