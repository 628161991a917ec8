using System.IO.Compression;
using System.Security.Cryptography;
using JobFinder.Ops.Emulator.Functions;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Storage;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>The code of a revision: its source archive (<c>gs://bucket/object#generation</c>, from the
/// function upload bucket or any emulated Storage bucket) unpacked once per archive content into
/// <c>sources/&lt;sha256&gt;</c>. Revisions built from identical archives share one folder; the folder is
/// never changed after it is complete, so a later deploy cannot alter what an older revision runs.</summary>
internal sealed class RevisionSources(FunctionSourceUploads uploads, StorageStore storage, WorkerPoolSettings settings)
{
    private readonly Lock gate = new();

    /// <summary>The archive's bytes; a <see cref="WorkerStartException"/> naming the location when it is gone
    /// (Cloud Build's "Failed to retrieve function source code").</summary>
    public byte[] Read(string? location)
    {
        if (location is null || !location.StartsWith("gs://", StringComparison.Ordinal))
        {
            throw new WorkerStartException("Build failed: the revision has no source archive (buildConfig.source.storageSource).");
        }

        var path = location["gs://".Length..];
        var hash = path.IndexOf('#', StringComparison.Ordinal);
        path = hash >= 0 ? path[..hash] : path;
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var (bucket, objectName) = slash > 0 ? (path[..slash], path[(slash + 1)..]) : (path, string.Empty);
        if (FunctionSourceUploads.IsUploadBucket(bucket))
        {
            return uploads.Get(bucket, objectName)?.Content
                ?? throw new WorkerStartException($"Build failed: Failed to retrieve function source code: object {location} does not exist.");
        }

        try
        {
            var stored = storage.GetObject(bucket, objectName);
            using var stream = storage.OpenRead(stored);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (GoogleApiException)
        {
            throw new WorkerStartException($"Build failed: Failed to retrieve function source code: object {location} does not exist.");
        }
    }

    /// <summary>Unpacks <paramref name="archive"/> (a zip, without any node_modules it carries: dependencies
    /// come from the lock file) and returns the folder.</summary>
    public string Unpack(byte[] archive)
    {
        var directory = Path.Combine(settings.SourcesDirectory, Sha256(archive)[..24]);
        lock (gate)
        {
            if (Directory.Exists(directory))
            {
                return directory;
            }

            var temporary = directory + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            try
            {
                using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
                var root = Path.GetFullPath(temporary) + Path.DirectorySeparatorChar;
                foreach (var entry in zip.Entries)
                {
                    var target = Path.GetFullPath(Path.Combine(temporary, entry.FullName));
                    if (!target.StartsWith(root, StringComparison.Ordinal))
                    {
                        throw new WorkerStartException($"Build failed: the source archive's entry '{entry.FullName}' points outside the archive.");
                    }

                    if (entry.FullName.Split('/', '\\').Contains("node_modules", StringComparer.Ordinal))
                    {
                        continue;
                    }

                    if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
                    {
                        Directory.CreateDirectory(target);
                        continue;
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    entry.ExtractToFile(target);
                }

                Directory.CreateDirectory(temporary);
                Directory.Move(temporary, directory);
            }
            catch (InvalidDataException ex)
            {
                throw new WorkerStartException($"Build failed: the source archive is not a zip file ({ex.Message}).");
            }
            catch (IOException) when (Directory.Exists(directory))
            {
                // Another emulator on this machine unpacked the same archive first.
            }
            finally
            {
                if (Directory.Exists(temporary))
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }

            return directory;
        }
    }

    /// <summary>Points the source folder's node_modules at the cached install (once; same archive, same lock).</summary>
    public static void LinkModules(string sourceDirectory, string modules)
    {
        var link = Path.Combine(sourceDirectory, "node_modules");
        if (Directory.Exists(link))
        {
            return;
        }

        try
        {
            Directory.CreateSymbolicLink(link, modules);
        }
        catch (IOException) when (Directory.Exists(link))
        {
            // Linked concurrently by another worker of the same source.
        }
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
