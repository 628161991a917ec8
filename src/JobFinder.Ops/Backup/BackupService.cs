using System.Diagnostics;
using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Storage;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>Backups that prove they restore: create (Firestore export + live snapshot artifacts with
/// SHA-256, the export's recorded contents, manifest in the bucket and locally), verify (hashes, export
/// state, optionally a restore into a scratch database compared with the recorded contents), list (local and bucket, newest first), retention (only folders our manifest
/// names, only the objects it lists) and restore (import the export).</summary>
public sealed class BackupService(GoogleRestClient client)
{
    private readonly StorageApi _storage = new(client);
    private readonly BackupManifestStore _manifests = new(new StorageApi(client));

    private IEngineEventSink Events => client.Events;

    public async Task<BackupManifest> CreateAsync(BackupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var destination = request.Destination;
        await EnsureBucketAsync(destination, cancellationToken).ConfigureAwait(false);

        var createdAt = DateTimeOffset.UtcNow;
        var id = BackupIds.New(request.Environment, createdAt);
        var localFolder = Path.GetFullPath(Path.Combine(request.LocalRoot, id));
        Directory.CreateDirectory(localFolder);
        var database = new DatabaseName(request.ProjectId, request.Database);
        var exportUri = destination.ExportUriOf(id);
        Events.Verbose($"Backup {id}: exporting {database} to {exportUri}, snapshot of live state to {destination.FolderUriOf(id)} and {localFolder}.");

        // The export runs on the server while the live state is read and written.
        var runner = new FirestoreExportRunner(client);
        var operation = await runner.StartExportAsync(database, exportUri, request.CollectionIds, cancellationToken).ConfigureAwait(false);
        var writer = new BackupArtifactWriter(_storage, destination, id, localFolder);
        var capture = await new LiveStateReader(client).CaptureAsync(request.ProjectId, request.Areas, request.Database, cancellationToken).ConfigureAwait(false);
        var artifacts = new List<BackupArtifact>();
        foreach (var part in capture.Parts)
        {
            artifacts.Add(await writer.WriteAsync(part.Name, part.Content, cancellationToken).ConfigureAwait(false));
        }

        artifacts.Add(await writer.WriteAsync("snapshot.json", JsonSerializer.SerializeToUtf8Bytes(capture.Snapshot, BackupJsonContext.Default.LiveSnapshot), cancellationToken).ConfigureAwait(false));

        var export = await runner.WaitAsync(operation, request.Database, exportUri, request.CollectionIds, cancellationToken).ConfigureAwait(false);
        var manifest = new BackupManifest
        {
            Id = id,
            ProjectId = request.ProjectId,
            Environment = request.Environment,
            CreatedAt = createdAt,
            CreatedBy = client.Connection.Principal,
            FirestoreExport = export,
            Snapshot = capture.Snapshot,
            LocalPath = localFolder,
            BucketUri = destination.FolderUriOf(id),
        };
        if (export.State != "SUCCESSFUL")
        {
            var failed = manifest with { Artifacts = artifacts, Verification = BackupVerificationStatus.Failed, FailureReason = $"Firestore export {export.State}: {export.Error}" };
            await SaveQuietlyAsync(failed, cancellationToken).ConfigureAwait(false);
            throw FirestoreExportRunner.Failure("FirestoreExportFailed", export, $"Backup {id}: the Firestore export");
        }

        // Recorded now, while the export's snapshot is still readable: a restore check compares with
        // this, not with the database, which keeps changing after the backup.
        var contents = await new BackupContentRecorder(client).RecordAsync(request.ProjectId, export, request.SampleSize, cancellationToken).ConfigureAwait(false);
        var (exportObjects, count) = await RecordExportObjectsAsync(writer, destination, id, cancellationToken).ConfigureAwait(false);
        artifacts.Add(exportObjects);
        manifest = manifest with { Artifacts = artifacts, FirestoreExport = export with { ObjectCount = count }, Contents = contents };
        await _manifests.SaveAsync(manifest, cancellationToken).ConfigureAwait(false);
        Events.Verbose($"Backup {id}: {export.Documents} documents ({export.Bytes} bytes) exported, {artifacts.Count} artifacts ({manifest.ArtifactBytes} bytes) written.");
        return manifest;
    }

    /// <summary>Runs every check and saves the manifest with its new status (Failed if any check failed).</summary>
    public async Task<BackupVerification> VerifyAsync(BackupManifest manifest, BackupVerifyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new BackupVerifyOptions();
        var checks = new List<BackupCheckResult>(await new BackupIntegrityChecker(_storage).CheckAsync(manifest, cancellationToken).ConfigureAwait(false));
        var integrityPassed = checks.All(c => c.Status != BackupCheckStatus.Failed);
        if (options.Restore)
        {
            if (integrityPassed)
            {
                checks.AddRange(await new ScratchRestoreChecker(client).CheckAsync(manifest, options, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                checks.Add(new BackupCheckResult
                {
                    BackupId = manifest.Id,
                    Check = "RestoreImport",
                    Target = manifest.FirestoreExport.OutputUriPrefix,
                    Status = BackupCheckStatus.Skipped,
                    Message = "Not restored: the backup failed its integrity checks.",
                });
            }
        }

        var passed = checks.All(c => c.Status != BackupCheckStatus.Failed);
        var firstFailure = checks.FirstOrDefault(c => c.Status == BackupCheckStatus.Failed);
        var verified = manifest with
        {
            Verification = !passed ? BackupVerificationStatus.Failed : options.Restore ? BackupVerificationStatus.RestoreVerified : BackupVerificationStatus.HashesVerified,
            VerifiedAt = DateTimeOffset.UtcNow,
            FailureReason = passed ? null : $"{firstFailure!.Check} {firstFailure.Target}: {firstFailure.Message}",
        };
        await SaveQuietlyAsync(verified, cancellationToken).ConfigureAwait(false);
        return new BackupVerification(verified, checks);
    }

    /// <summary>Backups of <paramref name="projectId"/> in the local root and the bucket, newest first. A
    /// backup found in both places is listed once, with its local path and the later verification.</summary>
    public async Task<IReadOnlyList<BackupManifest>> ListAsync(string projectId, BackupDestination? destination, string? localRoot, CancellationToken cancellationToken = default)
    {
        var byId = localRoot is null
            ? new Dictionary<string, BackupManifest>(StringComparer.Ordinal)
            : (await ListLocalAsync(projectId, localRoot, Events, cancellationToken).ConfigureAwait(false)).ToDictionary(m => m.Id, StringComparer.Ordinal);
        if (destination is not null)
        {
            await foreach (var manifest in ListBucketAsync(destination, cancellationToken).ConfigureAwait(false))
            {
                if (manifest.ProjectId != projectId)
                {
                    continue;
                }

                byId[manifest.Id] = byId.TryGetValue(manifest.Id, out var local) ? Merge(local, manifest) : manifest;
            }
        }

        return [.. byId.Values.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>Backups of <paramref name="projectId"/> in the local root only (no connection needed), newest first.</summary>
    public static async Task<IReadOnlyList<BackupManifest>> ListLocalAsync(string projectId, string localRoot, IEngineEventSink? events = null, CancellationToken cancellationToken = default)
    {
        var found = new List<BackupManifest>();
        if (!Directory.Exists(localRoot))
        {
            return found;
        }

        foreach (var folder in Directory.EnumerateDirectories(localRoot))
        {
            if (!File.Exists(Path.Combine(folder, BackupDestination.ManifestFileName)))
            {
                continue;
            }

            try
            {
                var manifest = await BackupManifestStore.ReadLocalAsync(folder, cancellationToken).ConfigureAwait(false);
                if (manifest.ProjectId == projectId)
                {
                    found.Add(manifest);
                }
            }
            catch (JobFinderException ex) when (ex.ErrorId == "BackupManifestInvalid")
            {
                (events ?? NullEventSink.Instance).Warning(ex.Message);
            }
        }

        return [.. found.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>Our backups in the bucket older than <paramref name="retention"/> (never the newest
    /// verified one, so retention cannot remove the last rollback point).</summary>
    public async Task<IReadOnlyList<BackupManifest>> FindExpiredAsync(string projectId, BackupDestination destination, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        var all = await ListAsync(projectId, destination, localRoot: null, cancellationToken).ConfigureAwait(false);
        var newestVerified = all.FirstOrDefault(m => m.IsVerified)?.Id;
        var cutoff = DateTimeOffset.UtcNow - retention;
        return [.. all.Where(m => m.CreatedAt < cutoff && m.Id != newestVerified)];
    }

    /// <summary>Deletes from the bucket exactly the objects the backup's manifest says we wrote (its
    /// artifacts, the recorded export objects, then the manifest itself); anything else in the folder is
    /// left alone.</summary>
    public async Task<int> DeleteFromBucketAsync(BackupManifest manifest, CancellationToken cancellationToken = default)
    {
        var (destination, id) = BackupDestination.FromFolderUri(manifest.BucketUri);
        var names = new List<string>();
        if (manifest.Artifacts.FirstOrDefault(a => a.Name == BackupIntegrityChecker.ExportObjectsArtifact) is { } list)
        {
            try
            {
                await using var download = await _storage.OpenReadAsync(destination.Bucket, list.BucketObject, cancellationToken: cancellationToken).ConfigureAwait(false);
                var recorded = await JsonSerializer.DeserializeAsync(download.Content, BackupJsonContext.Default.ListExportObjectRecord, cancellationToken).ConfigureAwait(false) ?? [];
                names.AddRange(recorded.Select(r => r.Name).Where(n => n.StartsWith(destination.FolderOf(id), StringComparison.Ordinal)));
            }
            catch (GoogleApiException ex) when (ex.HttpStatus == 404)
            {
                Events.Warning($"The export object list of {id} is gone; only the artifacts are deleted.");
            }
        }

        names.AddRange(manifest.Artifacts.Select(a => a.BucketObject));
        names.Add(destination.ManifestObjectOf(id));
        var deleted = 0;
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            try
            {
                await _storage.DeleteObjectAsync(destination.Bucket, name, cancellationToken: cancellationToken).ConfigureAwait(false);
                deleted++;
            }
            catch (GoogleApiException ex) when (ex.HttpStatus == 404)
            {
                Events.Debug($"gs://{destination.Bucket}/{name} was already gone.");
            }
        }

        Events.Verbose($"Deleted backup {id} from gs://{destination.Bucket}: {deleted} objects.");
        return deleted;
    }

    /// <summary>BackupNotRestorable when the backup has no usable export; checked by the cmdlet before it asks.</summary>
    public static void EnsureRestorable(BackupManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.FirestoreExport.State != "SUCCESSFUL")
        {
            throw new JobFinderException("BackupNotRestorable", ErrorKind.InvalidOperation,
                $"Backup {manifest.Id} has no usable export (state {manifest.FirestoreExport.State}); pick another backup.", manifest.Id);
        }
    }

    /// <summary>Imports the backup's export into <paramref name="database"/> (the backed-up database
    /// unless named). Documents with the same name are overwritten; others are left as they are.</summary>
    public async Task<BackupRestoreResult> RestoreAsync(BackupManifest manifest, string? database = null, IReadOnlyList<string>? collectionIds = null, CancellationToken cancellationToken = default)
    {
        EnsureRestorable(manifest);
        var export = manifest.FirestoreExport;
        var started = Stopwatch.GetTimestamp();
        var target = new DatabaseName(manifest.ProjectId, database ?? export.Database);
        var ids = collectionIds is { Count: > 0 } ? collectionIds : export.CollectionIds;
        var runner = new FirestoreExportRunner(client);
        var operation = await runner.StartImportAsync(target, export.OutputUriPrefix, ids, cancellationToken).ConfigureAwait(false);
        var imported = await runner.WaitAsync(operation, target.Database, export.OutputUriPrefix, ids, cancellationToken).ConfigureAwait(false);
        if (imported.State != "SUCCESSFUL")
        {
            throw FirestoreExportRunner.Failure("FirestoreImportFailed", imported, $"Restoring backup {manifest.Id}: the Firestore import");
        }

        return new BackupRestoreResult
        {
            BackupId = manifest.Id,
            ProjectId = manifest.ProjectId,
            Database = target.Database,
            InputUriPrefix = export.OutputUriPrefix,
            OperationName = imported.OperationName,
            State = imported.State,
            Documents = imported.Documents,
            Bytes = imported.Bytes,
            Duration = Stopwatch.GetElapsedTime(started),
        };
    }

    /// <summary>A manifest from a local path, or from a bucket folder (<c>gs://bucket/prefix/&lt;id&gt;</c>).</summary>
    /// <summary>A backup's manifest from its local folder or manifest.json; needs no connection.</summary>
    public static Task<BackupManifest> ReadLocalManifestAsync(string path, CancellationToken cancellationToken = default) =>
        BackupManifestStore.ReadLocalAsync(path, cancellationToken);

    public async Task<BackupManifest> ReadManifestAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!path.StartsWith("gs://", StringComparison.Ordinal))
        {
            return await ReadLocalManifestAsync(path, cancellationToken).ConfigureAwait(false);
        }

        var folder = path.EndsWith("/" + BackupDestination.ManifestFileName, StringComparison.Ordinal) ? path[..^(BackupDestination.ManifestFileName.Length + 1)] : path;
        var (destination, id) = BackupDestination.FromFolderUri(folder);
        return await _manifests.TryReadBucketAsync(destination, id, cancellationToken).ConfigureAwait(false)
            ?? throw new JobFinderException("BackupManifestNotFound", ErrorKind.ObjectNotFound, $"No backup manifest of ours at {folder}.", folder);
    }

    /// <summary>The full configuration of a function as it was when the backup was taken (with its
    /// environment values), read from the local artifact or the bucket and checked against its hash:
    /// what an undo needs to recreate a function the deployment deleted.</summary>
    public async Task<Function> ReadFunctionConfigAsync(BackupManifest manifest, string functionId, CancellationToken cancellationToken = default)
    {
        var name = LiveStateReader.FunctionArtifactName(functionId);
        if (manifest.Artifacts.All(a => a.Name != name))
        {
            throw new JobFinderException("BackupArtifactMissing", ErrorKind.ObjectNotFound, $"Backup {manifest.Id} holds no configuration of function '{functionId}'.", functionId);
        }

        var bytes = await ReadArtifactAsync(manifest, name, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(bytes, GoogleJsonContext.Default.Function)
            ?? throw new JobFinderException("BackupManifestInvalid", ErrorKind.InvalidData, $"{name} of backup {manifest.Id} is empty.", name);
    }

    /// <summary>One artifact's bytes, from the backup's local folder or its bucket, checked against the
    /// SHA-256 the manifest recorded (a copy changed since is refused, never used).</summary>
    public async Task<byte[]> ReadArtifactAsync(BackupManifest manifest, string artifactName, CancellationToken cancellationToken = default)
    {
        var artifact = manifest.Artifacts.FirstOrDefault(a => a.Name == artifactName)
            ?? throw new JobFinderException("BackupArtifactMissing", ErrorKind.ObjectNotFound, $"Backup {manifest.Id} holds no artifact '{artifactName}'.", artifactName);
        byte[] bytes;
        var local = manifest.LocalPath is null ? null : Path.Combine(manifest.LocalPath, artifact.Name);
        if (local is not null && File.Exists(local))
        {
            bytes = await File.ReadAllBytesAsync(local, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var (destination, _) = BackupDestination.FromFolderUri(manifest.BucketUri);
            using var buffer = new MemoryStream();
            await _storage.DownloadToAsync(destination.Bucket, artifact.BucketObject, buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        if (!string.Equals(Sha256Streams.Hash(bytes), artifact.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new JobFinderException("BackupArtifactHashMismatch", ErrorKind.InvalidData, $"{artifact.Name} of backup {manifest.Id} does not match its SHA-256.", artifact.Name);
        }

        return bytes;
    }

    private async IAsyncEnumerable<BackupManifest> ListBucketAsync(BackupDestination destination, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            var page = await _storage.ListObjectsPageAsync(destination.Bucket, destination.ListPrefix, "/", false, null, null, pageToken, cancellationToken).ConfigureAwait(false);
            foreach (var folder in page.Prefixes ?? [])
            {
                var id = folder.TrimEnd('/')[destination.ListPrefix.Length..];
                if (BackupIds.TimeOf(id) is null)
                {
                    continue;
                }

                if (await _manifests.TryReadBucketAsync(destination, id, cancellationToken).ConfigureAwait(false) is { } manifest)
                {
                    yield return manifest;
                }
            }

            pageToken = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(pageToken));
    }

    private static BackupManifest Merge(BackupManifest local, BackupManifest bucket) =>
        (bucket.VerifiedAt ?? DateTimeOffset.MinValue) > (local.VerifiedAt ?? DateTimeOffset.MinValue)
            ? bucket with { LocalPath = local.LocalPath }
            : local;

    private async Task EnsureBucketAsync(BackupDestination destination, CancellationToken cancellationToken)
    {
        try
        {
            await _storage.GetBucketAsync(destination.Bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            throw new JobFinderException("BackupBucketNotFound", ErrorKind.ObjectNotFound,
                $"The backup bucket gs://{destination.Bucket} does not exist. Create it (gcloud storage buckets create gs://{destination.Bucket}) or pass -Destination.",
                destination.ToString(), ex)
            { RecommendedAction = $"Create gs://{destination.Bucket} or set backup.bucket in jobfinder.ops.json." };
        }
    }

    /// <summary>Lists the export's objects page by page into an artifact (streamed: memory does not grow
    /// with the number of objects).</summary>
    private async Task<(BackupArtifact Artifact, int Count)> RecordExportObjectsAsync(BackupArtifactWriter writer, BackupDestination destination, string id, CancellationToken cancellationToken)
    {
        var count = 0;
        var prefix = destination.FolderOf(id) + BackupDestination.ExportFolderName + "/";
        var artifact = await writer.WriteAsync(BackupIntegrityChecker.ExportObjectsArtifact, async stream =>
        {
            await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartArray();
            await foreach (var item in _storage.ListObjectsAsync(destination.Bucket, prefix, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                JsonSerializer.Serialize(json, new ExportObjectRecord { Name = item.Name!, Size = item.Size ?? 0, Crc32c = item.Crc32c, Md5Hash = item.Md5Hash, Generation = item.Generation },
                    BackupJsonContext.Default.ExportObjectRecord);
                count++;
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            json.WriteEndArray();
        }, cancellationToken).ConfigureAwait(false);
        return (artifact, count);
    }

    /// <summary>Records a failed or re-verified manifest; a storage failure here must not hide the
    /// original error, so it becomes a warning.</summary>
    private async Task SaveQuietlyAsync(BackupManifest manifest, CancellationToken cancellationToken)
    {
        try
        {
            await _manifests.SaveAsync(manifest, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JobFinderException or IOException or UnauthorizedAccessException)
        {
            Events.Warning($"Could not save the manifest of {manifest.Id}: {ex.Message}");
        }
    }
}
