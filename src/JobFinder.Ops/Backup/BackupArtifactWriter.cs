using JobFinder.Ops.Google.Storage;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>Writes a backup's artifacts: each goes to the local folder first, is hashed from the file
/// in chunks, then uploaded from the file (so nothing larger than a chunk is held in memory), and its
/// SHA-256 recorded.</summary>
internal sealed class BackupArtifactWriter(StorageApi storage, BackupDestination destination, string backupId, string localFolder)
{
    public string LocalFolder => localFolder;

    public async Task<BackupArtifact> WriteAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var path = LocalPathOf(name);
        await File.WriteAllBytesAsync(path, content, cancellationToken).ConfigureAwait(false);
        return await UploadAsync(name, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lets <paramref name="write"/> stream into the local file, then hashes and uploads it.</summary>
    public async Task<BackupArtifact> WriteAsync(string name, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var path = LocalPathOf(name);
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous))
        {
            await write(file).ConfigureAwait(false);
        }

        return await UploadAsync(name, path, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BackupArtifact> UploadAsync(string name, string path, CancellationToken cancellationToken)
    {
        var (sha256, bytes) = await Sha256Streams.HashFileAsync(path, cancellationToken).ConfigureAwait(false);
        var objectName = destination.ObjectOf(backupId, name);
        await storage.InsertObjectFromFileAsync(destination.Bucket, objectName, path, "application/json", cancellationToken: cancellationToken).ConfigureAwait(false);
        return new BackupArtifact { Name = name, BucketObject = objectName, LocalPath = path, Sha256 = sha256, Bytes = bytes };
    }

    private string LocalPathOf(string name)
    {
        var path = Path.GetFullPath(Path.Combine(localFolder, name));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
