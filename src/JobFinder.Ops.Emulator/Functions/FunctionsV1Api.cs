using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Cloud Functions v1 (1st gen), list only: firebase-tools lists a project's 1st gen functions before a
/// deploy (lib/gcp/cloudfunctions.js listAllFunctions, <c>GET v1/projects/{p}/locations/-/functions</c>) to
/// plan deletions. The emulator deploys only 2nd gen functions, which the v1 API does not list
/// (https://cloud.google.com/functions/docs/reference/rest/v1/projects.locations.functions/list), so every
/// location has none.</summary>
internal sealed class FunctionsV1Api : IEmulatorApi
{
    public string Label => "cloudfunctions";

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("v1/projects/{project}/locations/{location}/functions", (HttpContext http) =>
            Paging.ListResult("functions", new List<JsonObject>(), http.Request));
}
