using System.Net;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.ArtifactRegistry;

public sealed class DockerImagesTests
{
    private const string Repository = "v1/projects/jobfinder-staging/locations/us-central1/repositories/gcf-artifacts";

    [Fact]
    public async Task Each_revision_registers_an_image_that_can_be_listed_fetched_and_deleted()
    {
        await using var session = await EmulatorSession.StartAsync();
        var revision = (await session.CreateFunctionAsync("imageFn"))["response"]!["serviceConfig"]!["revision"]!.GetValue<string>();

        var images = (await session.GetJsonAsync("artifactregistry/" + Repository + "/dockerImages"))["dockerImages"]!.AsArray();
        var image = Assert.Single(images)!;
        Assert.Equal(revision, image["tags"]![0]!.GetValue<string>());
        Assert.StartsWith("us-central1-docker.pkg.dev/jobfinder-staging/gcf-artifacts/imagefn@sha256:", image["uri"]!.GetValue<string>(), StringComparison.Ordinal);
        var id = image["name"]!.GetValue<string>().Split("/dockerImages/")[1];
        Assert.Equal(image["name"]!.GetValue<string>(), (await session.GetJsonAsync(Repository + "/dockerImages/" + id))["name"]!.GetValue<string>());

        var digest = image["uri"]!.GetValue<string>().Split('@')[1];
        var operation = await session.SendJsonAsync(HttpMethod.Delete, $"{Repository}/packages/imagefn/versions/{digest}");
        Assert.NotNull((await session.GetJsonAsync("v1/" + operation["name"]!.GetValue<string>()))["name"]);
        Assert.Empty((await session.GetJsonAsync(Repository + "/dockerImages"))["dockerImages"]!.AsArray());
        using var missing = await session.Client.DeleteAsync($"{Repository}/packages/imagefn/tags/{revision}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_functions_repository_exists_after_a_deployment_and_takes_a_valid_cleanup_policy()
    {
        await using var session = await EmulatorSession.StartAsync();
        using (var before = await session.Client.GetAsync("artifactregistry/" + Repository))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }
        await session.CreateFunctionAsync("repoFn");
        Assert.Equal("DOCKER", (await session.GetJsonAsync("artifactregistry/" + Repository))["format"]!.GetValue<string>());

        var policy = System.Text.Json.Nodes.JsonNode.Parse("""{"cleanupPolicies":{"firebase-functions-cleanup":{"id":"firebase-functions-cleanup","action":"DELETE","condition":{"tagState":"ANY","olderThan":"86400s"}}},"cleanupPolicyDryRun":false}""")!;
        var patched = await session.SendJsonAsync(HttpMethod.Patch, "artifactregistry/" + Repository + "?updateMask=cleanupPolicies,cleanupPolicyDryRun", policy);
        Assert.Equal("DELETE", patched["cleanupPolicies"]!["firebase-functions-cleanup"]!["action"]!.GetValue<string>());
        Assert.Equal("86400s", (await session.GetJsonAsync("artifactregistry/" + Repository))["cleanupPolicies"]!["firebase-functions-cleanup"]!["condition"]!["olderThan"]!.GetValue<string>());

        // mostRecentVersions "May only be specified with a Keep action" (artifactregistry-v1.json CleanupPolicy).
        var invalid = System.Text.Json.Nodes.JsonNode.Parse("""{"cleanupPolicies":{"p":{"action":"DELETE","mostRecentVersions":{"keepCount":3}}}}""")!;
        using var refused = await session.Client.PatchAsync("artifactregistry/" + Repository + "?updateMask=cleanupPolicies", EmulatorSession.Json(invalid));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var outputOnly = await session.Client.PatchAsync("artifactregistry/" + Repository + "?updateMask=sizeBytes", EmulatorSession.Json(invalid));
        Assert.Equal(HttpStatusCode.BadRequest, outputOnly.StatusCode);
    }
}
