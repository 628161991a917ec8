using System.Text.Json.Serialization;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.ArtifactRegistry;

/// <summary>Artifact Registry v1: does a revision's image still exist (before rolling back to it)? And
/// deleting the image of a revision that was removed (packages.versions.delete, an LRO).</summary>
public sealed class ArtifactRegistryApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.ArtifactRegistry, "v1")
{
    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    /// <summary>Images of a repository, <c>projects/P/locations/L/repositories/R</c>.</summary>
    public IAsyncEnumerable<DockerImage> ListDockerImagesAsync(string repositoryName, string? orderBy = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf(repositoryName, "/dockerImages"), RetryPolicy.Read, Types.ListDockerImagesResponse, repositoryName, ct,
                new QueryBuilder().Add("orderBy", orderBy).Add("pageSize", pageSize).Add("pageToken", token)),
            page => page.DockerImages,
            page => page.NextPageToken,
            cancellationToken);

    /// <summary><paramref name="name"/> as the API returns it (image path already <c>%2F</c>-escaped).</summary>
    public Task<DockerImage> GetDockerImageAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name), RetryPolicy.Read, Types.DockerImage, name, cancellationToken);

    /// <summary>packages.versions.delete: <paramref name="versionName"/> is
    /// <c>projects/P/locations/L/repositories/R/packages/PKG/versions/sha256:DIGEST</c> (package path
    /// <c>%2F</c>-escaped). Deleting what is already gone answers 404, so a retry is safe.</summary>
    public Task<Operation> DeleteVersionAsync(string versionName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf(versionName), RetryPolicy.IdempotentWrite, OperationType, versionName, cancellationToken);
}

public sealed record DockerImage
{
    /// <summary><c>projects/P/locations/L/repositories/R/dockerImages/IMAGE@sha256:...</c>.</summary>
    public string? Name { get; init; }

    public string? Uri { get; init; }

    public List<string>? Tags { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? ImageSizeBytes { get; init; }

    public DateTimeOffset? UploadTime { get; init; }

    public string? MediaType { get; init; }

    public DateTimeOffset? BuildTime { get; init; }

    public DateTimeOffset? UpdateTime { get; init; }

    public string? ArtifactType { get; init; }
}

public sealed record ListDockerImagesResponse
{
    public List<DockerImage>? DockerImages { get; init; }

    public string? NextPageToken { get; init; }
}
