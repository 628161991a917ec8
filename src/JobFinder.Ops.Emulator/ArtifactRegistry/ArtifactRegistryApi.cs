using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.ArtifactRegistry;

/// <summary>Artifact Registry v1: dockerImages list/get, and packages.versions.delete / packages.tags.delete
/// to remove an image (the version delete is an LRO, served by <c>v1/.../locations/{l}/operations/{op}</c>).</summary>
public sealed class ArtifactRegistryApi(ArtifactStore store, OperationStore operations) : IEmulatorApi
{
    private const string Repository = "v1/projects/{project}/locations/{location}/repositories/{repository}";

    public string Label => "artifactregistry";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Repository + "/dockerImages", (HttpContext http) =>
            Paging.ListResult("dockerImages", Images(http).Select(i => i.ToJson()).ToList(), http.Request));
        routes.MapGet(Repository + "/dockerImages/{image}", (HttpContext http) =>
        {
            var id = http.RouteString("image");
            var image = Images(http).FirstOrDefault(i => i.Name.EndsWith("/dockerImages/" + Uri.EscapeDataString(id.Split('@')[0]) + "@" + id.Split('@').Last(), StringComparison.Ordinal))
                ?? throw GoogleErrors.NotFound($"Requested entity was not found: dockerImages/{id}");
            return GoogleJson.Result(image.ToJson());
        });
        routes.MapDelete(Repository + "/packages/{package}/versions/{version}", (HttpContext http) =>
        {
            DeleteOrThrow(http, http.RouteString("version"));
            var operation = operations.Create(new OperationRequest(
                $"projects/{http.RouteString("project")}/locations/{http.RouteString("location")}",
                Label,
                new JsonObject { ["@type"] = "type.googleapis.com/google.devtools.artifactregistry.v1.OperationMetadata" },
                StoredResultCompletion.KindName,
                StoredResultCompletion.Args(new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Empty" })));
            return GoogleJson.Result(operation.ToJson());
        });
        routes.MapDelete(Repository + "/packages/{package}/tags/{tag}", (HttpContext http) =>
        {
            DeleteOrThrow(http, http.RouteString("tag"));
            return GoogleJson.Result(new JsonObject());
        });
        routes.MapGet("v1/projects/{project}/locations/{location}/operations/{operation}", (HttpContext http) =>
            GoogleJson.Result(operations.GetJson($"projects/{http.RouteString("project")}/locations/{http.RouteString("location")}/operations/{http.RouteString("operation")}")));
    }

    private IReadOnlyList<StoredImage> Images(HttpContext http) =>
        store.List(http.RouteString("project"), http.RouteString("location"), http.RouteString("repository"));

    private void DeleteOrThrow(HttpContext http, string versionOrTag)
    {
        if (!store.Delete(http.RouteString("project"), http.RouteString("location"), http.RouteString("repository"), http.RouteString("package"), versionOrTag))
        {
            throw GoogleErrors.NotFound($"Requested entity was not found: packages/{http.RouteString("package")}/{versionOrTag}");
        }
    }
}
