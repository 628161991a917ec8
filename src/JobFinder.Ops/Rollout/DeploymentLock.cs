using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Storage;

namespace JobFinder.Ops.Rollout;

/// <summary>One deployment per project at a time: a GCS object
/// <c>gs://&lt;backup bucket&gt;/jobfinder/deployments/&lt;project&gt;.lock</c> created with
/// <c>ifGenerationMatch=0</c>, so exactly one of two racing creates succeeds (the other gets 412).
/// The object's JSON names the owner. A lock older than <c>lockStaleAfter</c> is stale: it may be
/// broken (deleted with <c>ifGenerationMatch=&lt;its generation&gt;</c>, so we never delete a lock
/// someone re-took meanwhile) when the caller allows it.</summary>
internal sealed class DeploymentLock(GoogleRestClient client, string bucket, string projectId)
{
    private readonly StorageApi _storage = new(client);

    public string ObjectName => $"{BackupBucket.DeploymentsPrefix}{projectId}.lock";

    public string Uri => $"gs://{bucket}/{ObjectName}";

    /// <summary>Takes the lock for <paramref name="owner"/>. A lock already held by the same deployment
    /// (a resume) is taken over. <paramref name="mayBreakStale"/> decides (after ShouldProcess in the
    /// cmdlet) whether a stale lock may be broken.</summary>
    public async Task AcquireAsync(LockOwner owner, TimeSpan staleAfter, Func<LockOwner, bool> mayBreakStale, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(owner, RolloutJsonContext.Default.LockOwner);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                client.Events.Verbose($"Taking the deployment lock {Uri} (ifGenerationMatch=0).");
                await _storage.InsertObjectAsync(bucket, ObjectName, body, "application/json", StoragePreconditions.DoesNotExist, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (GoogleApiException ex) when (ex.HttpStatus == 412)
            {
                var (holder, generation) = await ReadAsync(cancellationToken).ConfigureAwait(false);
                if (holder is null)
                {
                    continue; // released between our create and our read: try again
                }

                if (holder.DeploymentId == owner.DeploymentId)
                {
                    client.Events.Verbose($"The lock is held by this deployment ({holder}); taking it over.");
                    await ReplaceAsync(body, generation, cancellationToken).ConfigureAwait(false);
                    return;
                }

                RefuseUnlessBreakable(holder, staleAfter, mayBreakStale(holder));
                client.Events.Warning($"Breaking the stale deployment lock held by {holder}.");
                await DeleteIfGenerationAsync(generation, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new JobFinderException("DeploymentLocked", ErrorKind.ResourceBusy, $"Could not take the deployment lock {Uri}: it keeps changing hands.", Uri);
    }

    /// <summary>The lock as it is now, checked before anything changes (and before the cmdlet asks for
    /// confirmation): null when free; the holder of a stale lock that <paramref name="mayBreakStale"/>
    /// (-BreakStaleLock) allows breaking; otherwise DeploymentLocked or DeploymentLockStale. A lock held by the
    /// deployment being resumed counts as free. Taking the lock
    /// later still decides a race.</summary>
    public async Task<LockOwner?> CheckAvailableAsync(TimeSpan staleAfter, bool mayBreakStale, string? resumingId, CancellationToken cancellationToken)
    {
        var (holder, _) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (holder is not null && holder.DeploymentId == resumingId)
        {
            return null; // the resumed deployment's own lock: it takes it over
        }

        if (holder is not null)
        {
            RefuseUnlessBreakable(holder, staleAfter, mayBreakStale);
        }

        return holder;
    }

    private void RefuseUnlessBreakable(LockOwner holder, TimeSpan staleAfter, bool mayBreakStale)
    {
        var age = DateTimeOffset.UtcNow - holder.AcquiredAt;
        if (age < staleAfter)
        {
            throw new JobFinderException("DeploymentLocked", ErrorKind.ResourceBusy,
                $"Another deployment of {projectId} holds the lock {Uri}: {holder}. It is {age.TotalMinutes:0} minute(s) old; a lock becomes stale after {staleAfter.TotalMinutes:0} minutes.",
                Uri)
            { RecommendedAction = "Wait for that deployment to finish (Get-JobFinderDeployment -Newest 1), or, if its process died, resume it with -Resume <id>." };
        }

        if (!mayBreakStale)
        {
            throw new JobFinderException("DeploymentLockStale", ErrorKind.ResourceBusy,
                $"The lock {Uri} is stale ({holder}, {age.TotalMinutes:0} minutes old). Use -BreakStaleLock to break it.", Uri);
        }
    }

    /// <summary>Releases the lock if this deployment still holds it.</summary>
    public async Task ReleaseAsync(string deploymentId, CancellationToken cancellationToken)
    {
        var (holder, generation) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (holder?.DeploymentId != deploymentId)
        {
            return;
        }

        client.Events.Verbose($"Releasing the deployment lock {Uri}.");
        await DeleteIfGenerationAsync(generation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current holder, or null when the lock is free.</summary>
    public async Task<(LockOwner? Owner, long Generation)> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await _storage.GetObjectAsync(bucket, ObjectName, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await _storage.DownloadToAsync(bucket, ObjectName, buffer, metadata.Generation, cancellationToken).ConfigureAwait(false);
            var owner = JsonSerializer.Deserialize(buffer.ToArray(), RolloutJsonContext.Default.LockOwner);
            return (owner, metadata.Generation ?? 0);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return (null, 0);
        }
        catch (JsonException)
        {
            // Unreadable lock content still locks; it is reported as an unknown owner long ago, so it is stale.
            return (new LockOwner { User = "unknown", ProcessId = 0, DeploymentId = "unknown", ProjectId = projectId, AcquiredAt = DateTimeOffset.MinValue }, 0);
        }
    }

    private async Task ReplaceAsync(byte[] body, long generation, CancellationToken cancellationToken) =>
        await _storage.InsertObjectAsync(bucket, ObjectName, body, "application/json", new StoragePreconditions { IfGenerationMatch = generation }, cancellationToken).ConfigureAwait(false);

    private async Task DeleteIfGenerationAsync(long generation, CancellationToken cancellationToken)
    {
        try
        {
            await _storage.DeleteObjectAsync(bucket, ObjectName, generation > 0 ? new StoragePreconditions { IfGenerationMatch = generation } : null, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus is 404 or 412)
        {
            // Gone already, or someone took it again: not ours to delete.
        }
    }
}
