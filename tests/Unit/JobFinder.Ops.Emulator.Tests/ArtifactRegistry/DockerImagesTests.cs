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
}
