using JobFinder.Ops.Backup;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Storage;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Emulator;

/// <summary>Reads a backup's artifacts for seeding: the local copy when the manifest has one, else the
/// bucket the backup was written to (through the source connection), checked against the recorded SHA-256.</summary>
internal sealed class EmulatorSeederArtifacts(BackupManifest manifest, GoogleRestClient? source)
{
    public bool Has(string name) => manifest.Artifacts.Any(a => a.Name == name);

    public IEnumerable<string> Named(Func<string, bool> match) => manifest.Artifacts.Select(a => a.Name).Where(match);

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var artifact = manifest.Artifacts.FirstOrDefault(a => a.Name == name);
        if (artifact is null)
        {
            return null;
        }

        byte[] bytes;
        var local = manifest.LocalPath is null ? null : Path.Combine(manifest.LocalPath, artifact.Name);
        if (local is not null && File.Exists(local))
        {
            bytes = await File.ReadAllBytesAsync(local, cancellationToken).ConfigureAwait(false);
        }
        else if (source is not null)
        {
            var (destination, _) = BackupDestination.FromFolderUri(manifest.BucketUri);
            using var buffer = new MemoryStream();
            await new StorageApi(source).DownloadToAsync(destination.Bucket, artifact.BucketObject, buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }
        else
        {
            throw new JobFinderException("SeedArtifactUnavailable", ErrorKind.ObjectNotFound,
                $"{artifact.Name} of backup {manifest.Id} is not on disk and there is no connection to {manifest.BucketUri} to read it from.", artifact.Name);
        }

        if (!string.Equals(Sha256Streams.Hash(bytes), artifact.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new JobFinderException("BackupArtifactHashMismatch", ErrorKind.InvalidData, $"{artifact.Name} of backup {manifest.Id} does not match its SHA-256.", artifact.Name);
        }

        return bytes;
    }
}
