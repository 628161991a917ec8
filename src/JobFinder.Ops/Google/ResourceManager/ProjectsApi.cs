using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.ResourceManager;

/// <summary>cloudresourcemanager-v1 Project, only its number.</summary>
public sealed record ResourceManagerProject
{
    public string? ProjectId { get; init; }

    public string? ProjectNumber { get; init; }
}

/// <summary>Cloud Resource Manager v1 projects.get: the project number, from which Google names a project's
/// default service accounts (a gen2 function runs as <c>{number}-compute@developer.gserviceaccount.com</c>
/// unless it names one; firebase-tools ensure.ts defaultServiceAccount reads it the same way).</summary>
public sealed class ProjectsApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.ResourceManager, "v1")
{
    public Task<ResourceManagerProject> GetAsync(string projectId, CancellationToken cancellationToken = default)
    {
        var name = $"projects/{projectId}";
        return SendAsync(HttpMethod.Get, PathOf(name), RetryPolicy.Read, GoogleJsonContext.Default.ResourceManagerProject, name, cancellationToken);
    }

    /// <summary>The Compute Engine default service account: a gen2 function's runtime identity when it names none.</summary>
    public async Task<string> ComputeServiceAccountAsync(string projectId, CancellationToken cancellationToken = default) =>
        $"{(await GetAsync(projectId, cancellationToken).ConfigureAwait(false)).ProjectNumber}-compute@developer.gserviceaccount.com";
}
