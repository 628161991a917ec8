using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Storage;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>Reads and writes <c>manifest.json</c> locally and in the bucket, and recognises our backups
/// in a bucket listing (a folder is ours only if its manifest parses and names the folder's id).</summary>
internal sealed class BackupManifestStore(StorageApi storage)
{
    public async Task SaveAsync(BackupManifest manifest, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest with { LocalPath = null }, BackupJsonContext.Default.BackupManifest);
        if (manifest.LocalPath is { } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, BackupDestination.ManifestFileName), bytes, cancellationToken).ConfigureAwait(false);
        }

        var (destination, id) = BackupDestination.FromFolderUri(manifest.BucketUri);
        await storage.InsertObjectAsync(destination.Bucket, destination.ManifestObjectOf(id), bytes, "application/json", StoragePreconditions.SoleWriter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A manifest from a local file (or a folder holding manifest.json).</summary>
    public static async Task<BackupManifest> ReadLocalAsync(string path, CancellationToken cancellationToken)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, BackupDestination.ManifestFileName) : path;
        if (!File.Exists(file))
        {
            throw new JobFinderException("BackupManifestNotFound", ErrorKind.ObjectNotFound, $"No backup manifest at '{file}'.", file);
        }

        await using var stream = File.OpenRead(file);
        var manifest = await DeserializeAsync(stream, file, cancellationToken).ConfigureAwait(false);
        return manifest with { LocalPath = Path.GetDirectoryName(Path.GetFullPath(file)) };
    }

    /// <summary>The manifest in a bucket folder, or null when the folder holds none of ours.</summary>
    public async Task<BackupManifest?> TryReadBucketAsync(BackupDestination destination, string backupId, CancellationToken cancellationToken)
    {
        var objectName = destination.ManifestObjectOf(backupId);
        try
        {
            await using var download = await storage.OpenReadAsync(destination.Bucket, objectName, cancellationToken: cancellationToken).ConfigureAwait(false);
            var manifest = await DeserializeAsync(download.Content, $"gs://{destination.Bucket}/{objectName}", cancellationToken).ConfigureAwait(false);
            return manifest.Id == backupId ? manifest with { LocalPath = null } : null;
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return null;
        }
        catch (JobFinderException ex) when (ex.ErrorId == "BackupManifestInvalid")
        {
            return null;
        }
    }

    private static async Task<BackupManifest> DeserializeAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, BackupJsonContext.Default.BackupManifest, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("The manifest is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new JobFinderException("BackupManifestInvalid", ErrorKind.InvalidData, $"'{source}' is not a backup manifest: {ex.Message}", source, ex);
        }
    }
}
