using System.Collections.Concurrent;
using System.Text.Json;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.ArtifactRegistry;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Undo;

/// <summary>Can traffic go back to a revision? It must still exist, be Ready, and its container image
/// must still be in Artifact Registry: the revision's <c>containers[0].image</c>
/// (<c>L-docker.pkg.dev/P/gcf-artifacts/PKG[:TAG]</c>) is looked up as
/// <c>projects/P/locations/L/repositories/gcf-artifacts/dockerImages/PKG@DIGEST</c>, the digest taken from
/// <c>containerStatuses[0].imageDigest</c> (or the reference itself); without a digest the repository's
/// images are listed and matched by package and tag. Reads only.</summary>
public sealed class RollbackViabilityChecker(GoogleRestClient client)
{
    private const int Concurrency = 8;

    private readonly CloudRunApi _run = new(client);
    private readonly CloudFunctionsApi _functions = new(client);
    private readonly ArtifactRegistryApi _registry = new(client);
    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<DockerImage>?>> _repositories = new(StringComparer.Ordinal);

    /// <summary>The rollback targets of a deployment: each updated function's recorded stable revision.</summary>
    public Task<IReadOnlyList<RollbackViability>> CheckRecordAsync(DeploymentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var targets = record.Functions
            .Where(f => f.Action == PlannedChangeAction.Update && f.StableRevision is not null && f.ServiceName is not null)
            .Select(f => new ViabilityTarget(f.FunctionId, f.Region, f.ServiceName, f.StableRevision))
            .ToArray();
        return CheckAsync(record.ProjectId, targets, cancellationToken);
    }

    /// <summary>The rollback target of the next deployment: the revision each function serves now
    /// (all functions of the project, or those named).</summary>
    public async Task<IReadOnlyList<RollbackViability>> CheckLiveAsync(string projectId, IReadOnlyCollection<string>? functionIds, CancellationToken cancellationToken)
    {
        var targets = new List<ViabilityTarget>();
        await foreach (var function in _functions.ListAsync(projectId, "-", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var name = FunctionName.Parse(function.Name!);
            if (functionIds is null || functionIds.Contains(name.Function))
            {
                targets.Add(new ViabilityTarget(name.Function, name.Location, function.ServiceConfig?.Service, null));
            }
        }

        return await CheckAsync(projectId, targets, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<RollbackViability>> CheckAsync(string projectId, IReadOnlyList<ViabilityTarget> targets, CancellationToken cancellationToken)
    {
        var results = new ConcurrentBag<RollbackViability>();
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (target, token) =>
            results.Add(await CheckOneAsync(projectId, target, token).ConfigureAwait(false))).ConfigureAwait(false);
        var ordered = results.OrderBy(r => r.FunctionId, StringComparer.Ordinal).ToArray();
        client.Events.Verbose($"Rollback viability of {projectId}: {ordered.Count(r => r.Viable)} of {ordered.Length} function(s) viable.");
        return ordered;
    }

    private async Task<RollbackViability> CheckOneAsync(string projectId, ViabilityTarget target, CancellationToken cancellationToken)
    {
        var result = new RollbackViability { ProjectId = projectId, FunctionId = target.FunctionId, Region = target.Region, Service = target.Service, Viable = false, Reason = "" };
        if (target.Service is null)
        {
            return result with { Reason = "the function has no Cloud Run service (gen1?): there is no revision to roll back to" };
        }

        var serviceName = RunServiceName.Parse(target.Service);
        var revisionId = target.Revision;
        if (revisionId is null)
        {
            try
            {
                revisionId = TrafficController.ServingRevision(await _run.GetServiceAsync(serviceName, cancellationToken).ConfigureAwait(false));
            }
            catch (GoogleApiException ex) when (ex.HttpStatus == 404)
            {
                return result with { Reason = $"its Cloud Run service {target.Service} does not exist" };
            }
        }

        if (revisionId is null)
        {
            return result with { Reason = "no revision serves traffic" };
        }

        result = result with { Revision = revisionId };
        Revision revision;
        try
        {
            revision = await _run.GetRevisionAsync(new RevisionName(serviceName.Project, serviceName.Location, serviceName.Service, revisionId), cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return result with { Reason = $"revision {revisionId} no longer exists" };
        }

        var image = revision.Containers?.FirstOrDefault()?.Image;
        result = result with { RevisionExists = true, RevisionReady = RevisionState.IsReady(revision), Image = image };
        if (!result.RevisionReady)
        {
            return result with { Reason = $"revision {revisionId} is not Ready ({RevisionState.ReadyMessage(revision) ?? "no Ready condition"})" };
        }

        var reference = ContainerImageReference.Parse(image);
        if (reference is null)
        {
            return result with { Viable = true, Reason = $"revision {revisionId} is Ready; its image {image ?? "(none)"} is not in Artifact Registry, so it was not checked" };
        }

        bool? exists;
        try
        {
            exists = await ImageExistsAsync(reference, DigestOf(revision) ?? reference.Digest, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 403)
        {
            client.Events.Warning($"{target.FunctionId}: cannot read Artifact Registry {reference.RepositoryName} ({ex.Status}); the image of {revisionId} was not checked.");
            return result with { Viable = true, Reason = $"revision {revisionId} is Ready; its image could not be checked (no permission on {reference.RepositoryName})" };
        }

        return exists == true
            ? result with { ImageExists = true, Viable = true, Reason = $"revision {revisionId} is Ready and its image is in {reference.Repository}" }
            : result with { ImageExists = false, Reason = $"the image of revision {revisionId} ({image}) was deleted from Artifact Registry: traffic cannot go back to it" };
    }

    private async Task<bool> ImageExistsAsync(ContainerImageReference reference, string? digest, CancellationToken cancellationToken)
    {
        if (digest is not null)
        {
            try
            {
                await _registry.GetDockerImageAsync(reference.DockerImageName(digest), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (GoogleApiException ex) when (ex.HttpStatus == 404)
            {
                return false;
            }
        }

        var images = await _repositories.GetOrAdd(reference.RepositoryName, name => ListAsync(name, cancellationToken)).ConfigureAwait(false);
        return reference.DigestIn(images) is not null;
    }

    private async Task<IReadOnlyList<DockerImage>?> ListAsync(string repositoryName, CancellationToken cancellationToken)
    {
        var images = new List<DockerImage>();
        try
        {
            await foreach (var image in _registry.ListDockerImagesAsync(repositoryName, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                images.Add(image);
            }
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return null;
        }

        return images;
    }

    /// <summary>Google resolves every revision's image to a digest (<c>containerStatuses[].imageDigest</c>);
    /// the typed model does not carry that field, so it is read from the extension data.</summary>
    internal static string? DigestOf(Revision revision)
    {
        if (revision.ExtensionData?.TryGetValue("containerStatuses", out var statuses) != true || statuses.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var status in statuses.EnumerateArray())
        {
            if (status.TryGetProperty("imageDigest", out var digest) && digest.GetString() is { Length: > 0 } value)
            {
                var at = value.IndexOf('@', StringComparison.Ordinal);
                return at >= 0 ? value[(at + 1)..] : value;
            }
        }

        return null;
    }

    private sealed record ViabilityTarget(string FunctionId, string Region, string? Service, string? Revision);
}
