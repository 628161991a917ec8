using System.Collections.Concurrent;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>One upload per codebase and region (firebase-tools does the same): generateUploadUrl, then
/// PUT the zip to the signed URL; every function of the codebase reuses the returned storageSource.
/// Concurrent callers share the one upload in flight.</summary>
internal sealed class SourceUploads(CloudFunctionsApi functions, string projectId)
{
    private readonly ConcurrentDictionary<(string Codebase, string Region), Lazy<Task<StorageSource>>> _uploads = new();

    public Task<StorageSource> GetAsync(SourceArchive archive, string region, CancellationToken cancellationToken) =>
        _uploads.GetOrAdd((archive.Codebase, region), _ => new Lazy<Task<StorageSource>>(() => UploadAsync(archive, region, cancellationToken))).Value;

    public int Count => _uploads.Count;

    private async Task<StorageSource> UploadAsync(SourceArchive archive, string region, CancellationToken cancellationToken)
    {
        functions.Client.Events.Verbose($"Uploading codebase '{archive.Codebase}' ({archive.SizeBytes:N0} bytes) for {region}.");
        var upload = await functions.GenerateUploadUrlAsync(projectId, region, cancellationToken: cancellationToken).ConfigureAwait(false);
        var bytes = await File.ReadAllBytesAsync(archive.Path, cancellationToken).ConfigureAwait(false);
        await functions.UploadSourceAsync(upload.UploadUrl!, bytes, cancellationToken).ConfigureAwait(false);
        return upload.StorageSource!;
    }
}
