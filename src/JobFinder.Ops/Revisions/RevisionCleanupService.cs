using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.ArtifactRegistry;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using JobFinder.Ops.Undo;

namespace JobFinder.Ops.Revisions;

/// <summary>Old Cloud Run revisions of a project's functions and their container images: which may go
/// (<see cref="RevisionRetention"/>), and deleting one (revisions.delete, then the image's
/// packages.versions.delete when no revision that stays runs the same image). The confirmation of each
/// delete belongs to the cmdlet.</summary>
public sealed class RevisionCleanupService(GoogleRestClient client)
{
    private readonly CloudRunApi _run = new(client);
    private readonly ArtifactRegistryApi _registry = new(client);
    private readonly Dictionary<string, IReadOnlyList<DockerImage>> _repositories = new(StringComparer.Ordinal);

    /// <summary>Every revision of the functions of <paramref name="project"/> (or those named in
    /// <paramref name="functionIds"/>), oldest last per function, with the reason to keep it or null.</summary>
    public async Task<IReadOnlyList<RevisionCandidate>> SurveyAsync(JobFinderProject project, IReadOnlyCollection<string>? functionIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var settings = project.Settings.Rollout;
        var records = await DeploymentJournal.For(project, client, client.Events).ListAsync(cancellationToken).ConfigureAwait(false);
        var rollbackTargets = RevisionRetention.RollbackTargets(records, now - settings.KeepRollbackWindow);
        var candidates = new List<RevisionCandidate>();
        await foreach (var function in new CloudFunctionsApi(client).ListAsync(project.ProjectId, "-", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var name = FunctionName.Parse(function.Name!);
            if (functionIds is not null && !functionIds.Contains(name.Function, StringComparer.Ordinal))
            {
                continue;
            }

            if (function.ServiceConfig?.Service is not { } service)
            {
                client.Events.Verbose($"{name.Function}: no Cloud Run service (gen1), so no revisions to clean up.");
                continue;
            }

            candidates.AddRange(await SurveyServiceAsync(name, RunServiceName.Parse(service), settings.KeepRevisions, rollbackTargets, cancellationToken).ConfigureAwait(false));
        }

        return candidates;
    }

    /// <summary>Deletes the revision and waits for it; then its image unless a revision that stays shares
    /// it. Returns whether the image was deleted.</summary>
    public async Task<bool> DeleteAsync(RevisionCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        client.Events.Verbose($"Deleting revision {candidate.RevisionName}.");
        var operation = await _run.DeleteRevisionAsync(RevisionName.Parse(candidate.RevisionName), candidate.Etag, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _run.WaitAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (candidate.ImageVersion is not { } version)
        {
            return false;
        }

        client.Events.Verbose($"Deleting image {version}.");
        try
        {
            var imageOperation = await _registry.DeleteVersionAsync(version, cancellationToken).ConfigureAwait(false);
            await _registry.WaitAsync(imageOperation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            client.Events.Verbose($"Image {version} was already gone.");
            return false;
        }

        return true;
    }

    private async Task<IReadOnlyList<RevisionCandidate>> SurveyServiceAsync(
        FunctionName function, RunServiceName serviceName, int keepNewest, IReadOnlyDictionary<string, string> rollbackTargets, CancellationToken cancellationToken)
    {
        RunService service;
        try
        {
            service = await _run.GetServiceAsync(serviceName, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            client.Events.Warning($"{function.Function}: its Cloud Run service {serviceName} does not exist; nothing to clean up.");
            return [];
        }

        var revisions = new List<Revision>();
        await foreach (var revision in _run.ListRevisionsAsync(serviceName, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            revisions.Add(revision);
        }

        var keep = RevisionRetention.KeepReasons(service, revisions, keepNewest, rollbackTargets);
        var images = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var revision in revisions)
        {
            images[RevisionRetention.ShortId(revision)] = await ImageVersionAsync(revision, cancellationToken).ConfigureAwait(false);
        }

        // An image a revision that stays still runs is not deleted with an old one (a template-only change
        // such as an environment variable makes a revision on the same image).
        var keptImages = images.Where(i => keep.ContainsKey(i.Key) && i.Value is not null).Select(i => i.Value!).ToHashSet(StringComparer.Ordinal);
        return revisions
            .OrderByDescending(r => r.CreateTime ?? DateTimeOffset.MinValue)
            .Select(r =>
            {
                var id = RevisionRetention.ShortId(r);
                var image = images[id];
                return new RevisionCandidate(function.Function, function.Location, r.Name!, id, r.CreateTime, r.Etag,
                    r.Containers?.FirstOrDefault()?.Image, keep.GetValueOrDefault(id), image is not null && !keptImages.Contains(image) ? image : null);
            })
            .ToArray();
    }

    /// <summary>The Artifact Registry package version of the revision's image: the digest Cloud Run
    /// resolved it to, or the one the image's tag points at in its repository; null outside Artifact
    /// Registry or when the image is gone.</summary>
    private async Task<string?> ImageVersionAsync(Revision revision, CancellationToken cancellationToken)
    {
        var reference = ContainerImageReference.Parse(revision.Containers?.FirstOrDefault()?.Image);
        if (reference is null)
        {
            return null;
        }

        var digest = RollbackViabilityChecker.DigestOf(revision) ?? reference.Digest
            ?? reference.DigestIn(await RepositoryImagesAsync(reference.RepositoryName, cancellationToken).ConfigureAwait(false));

        return digest is null ? null : reference.VersionName(digest);
    }

    private async Task<IReadOnlyList<DockerImage>> RepositoryImagesAsync(string repositoryName, CancellationToken cancellationToken)
    {
        if (_repositories.TryGetValue(repositoryName, out var cached))
        {
            return cached;
        }

        var images = new List<DockerImage>();
        try
        {
            await foreach (var image in _registry.ListDockerImagesAsync(repositoryName, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                images.Add(image);
            }
        }
        catch (GoogleApiException ex) when (ex.HttpStatus is 403 or 404)
        {
            client.Events.Warning($"Cannot list the images of {repositoryName} ({ex.Status}); revisions are deleted without their images.");
        }

        return _repositories[repositoryName] = images;
    }
}

/// <summary>A revision of a function as surveyed: why it stays (<see cref="KeepReason"/>, null when it
/// may go), and the package version of its image to delete with it (null when shared or not found).</summary>
public sealed record RevisionCandidate(
    string FunctionId, string Region, string RevisionName, string Revision, DateTimeOffset? CreateTime, string? Etag,
    string? Image, string? KeepReason, string? ImageVersion);
