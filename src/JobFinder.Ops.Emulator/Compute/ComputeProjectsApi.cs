using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Compute;

/// <summary>Compute Engine v1 projects.get (https://cloud.google.com/compute/docs/reference/rest/v1/projects/get),
/// the one field a functions deploy reads: <c>defaultServiceAccount</c>, the account 2nd gen functions run as
/// unless told otherwise (firebase-tools, lib/gcp/computeEngine.js getDefaultServiceAccount).</summary>
internal sealed class ComputeProjectsApi(EmulatorContext context) : IEmulatorApi
{
    public string Label => "compute";

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("compute/v1/projects/{project}", (HttpContext http) =>
        {
            var project = ProjectNumbers.Resolve(context.ProjectIds, http.RouteString("project"));
            return GoogleJson.Result(new JsonObject
            {
                ["kind"] = "compute#project",
                ["name"] = project,
                ["id"] = ProjectNumbers.Of(project).ToString(CultureInfo.InvariantCulture),
                ["defaultServiceAccount"] = ProjectNumbers.ComputeServiceAccount(project),
            });
        });
}
