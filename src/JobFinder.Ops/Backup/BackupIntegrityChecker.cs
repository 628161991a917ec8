using System.Diagnostics;
using System.Text.Json;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Storage;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>The checks that need no restore: each artifact's SHA-256 locally and in the bucket (both
/// streamed), the export operation's recorded state, and every export object still present with the
/// size and CRC32C it had right after the export.</summary>
internal sealed class BackupIntegrityChecker(StorageApi storage)
{
    public const string ExportObjectsArtifact = "firestore/export-objects.json";

    public async Task<IReadOnlyList<BackupCheckResult>> CheckAsync(BackupManifest manifest, CancellationToken cancellationToken)
    {
        var results = new List<BackupCheckResult>();
        var (destination, _) = BackupDestination.FromFolderUri(manifest.BucketUri);
        foreach (var artifact in manifest.Artifacts)
        {
            if (manifest.LocalPath is not null)
            {
                results.Add(await CheckLocalAsync(manifest, artifact, cancellationToken).ConfigureAwait(false));
            }

            results.Add(await CheckBucketAsync(manifest, destination.Bucket, artifact, cancellationToken).ConfigureAwait(false));
        }

        results.Add(CheckExportState(manifest));
        results.Add(await CheckExportObjectsAsync(manifest, destination.Bucket, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private static async Task<BackupCheckResult> CheckLocalAsync(BackupManifest manifest, BackupArtifact artifact, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var path = Path.Combine(manifest.LocalPath!, artifact.Name);
        if (!File.Exists(path))
        {
            return Missing(manifest, $"local:{artifact.Name}", artifact, path, started);
        }

        var (sha256, _) = await Sha256Streams.HashFileAsync(path, cancellationToken).ConfigureAwait(false);
        return HashResult(manifest, $"local:{artifact.Name}", artifact, sha256, started);
    }

    private async Task<BackupCheckResult> CheckBucketAsync(BackupManifest manifest, string bucket, BackupArtifact artifact, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var download = await storage.OpenReadAsync(bucket, artifact.BucketObject, cancellationToken: cancellationToken).ConfigureAwait(false);
            var (sha256, _) = await Sha256Streams.HashAsync(download.Content, cancellationToken).ConfigureAwait(false);
            return HashResult(manifest, $"bucket:{artifact.Name}", artifact, sha256, started);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return Missing(manifest, $"bucket:{artifact.Name}", artifact, $"gs://{bucket}/{artifact.BucketObject}", started);
        }
    }

    private static BackupCheckResult CheckExportState(BackupManifest manifest)
    {
        var export = manifest.FirestoreExport;
        var passed = export.State == "SUCCESSFUL";
        return new BackupCheckResult
        {
            BackupId = manifest.Id,
            Check = "ExportState",
            Target = export.OperationName ?? export.OutputUriPrefix,
            Status = passed ? BackupCheckStatus.Passed : BackupCheckStatus.Failed,
            Expected = "SUCCESSFUL",
            Actual = export.State,
            Message = passed ? $"{export.Documents} documents, {export.Bytes} bytes exported." : $"The export did not succeed: {export.Error}",
            ErrorId = passed ? null : "FirestoreExportFailed",
        };
    }

    /// <summary>Compares the export objects now in the bucket with the list recorded after the export
    /// (object metadata only; the export files themselves are checked by the restore).</summary>
    private async Task<BackupCheckResult> CheckExportObjectsAsync(BackupManifest manifest, string bucket, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var target = manifest.FirestoreExport.OutputUriPrefix;
        var listArtifact = manifest.Artifacts.FirstOrDefault(a => a.Name == ExportObjectsArtifact);
        if (manifest.FirestoreExport.State != "SUCCESSFUL" || listArtifact is null)
        {
            return Result(manifest, "ExportObjects", target, BackupCheckStatus.Skipped, started, message: "No export objects were recorded (the export did not succeed).");
        }

        List<ExportObjectRecord> recorded;
        try
        {
            await using var download = await storage.OpenReadAsync(bucket, listArtifact.BucketObject, cancellationToken: cancellationToken).ConfigureAwait(false);
            recorded = await JsonSerializer.DeserializeAsync(download.Content, BackupJsonContext.Default.ListExportObjectRecord, cancellationToken).ConfigureAwait(false) ?? [];
        }
        catch (Exception ex) when (ex is JsonException || (ex is GoogleApiException g && g.HttpStatus == 404))
        {
            return Result(manifest, "ExportObjects", target, BackupCheckStatus.Failed, started, message: $"The export object list cannot be read: {ex.Message}", errorId: "BackupArtifactMissing");
        }

        var prefix = BackupDestination.FromFolderUri(manifest.BucketUri).Destination.FolderOf(manifest.Id) + BackupDestination.ExportFolderName + "/";
        var live = new Dictionary<string, StorageObject>(StringComparer.Ordinal);
        await foreach (var item in storage.ListObjectsAsync(bucket, prefix, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (item.Name is not null)
            {
                live[item.Name] = item;
            }
        }

        var missing = recorded.Where(r => !live.ContainsKey(r.Name)).Select(r => r.Name).ToList();
        var changed = recorded.Where(r => live.TryGetValue(r.Name, out var o) && (o.Size != r.Size || (r.Crc32c is not null && o.Crc32c != r.Crc32c))).Select(r => r.Name).ToList();
        if (missing.Count > 0)
        {
            return Result(manifest, "ExportObjects", target, BackupCheckStatus.Failed, started, recorded.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                (recorded.Count - missing.Count).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{missing.Count} export objects are missing, e.g. {missing[0]}.", "BackupArtifactMissing");
        }

        if (changed.Count > 0)
        {
            return Result(manifest, "ExportObjects", target, BackupCheckStatus.Failed, started, message: $"{changed.Count} export objects changed since the export, e.g. {changed[0]}.", errorId: "BackupArtifactHashMismatch");
        }

        storage.Client.Events.Verbose($"All {recorded.Count} export objects of {manifest.Id} are present and unchanged.");
        return Result(manifest, "ExportObjects", target, BackupCheckStatus.Passed, started, recorded.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), live.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "Every export object is present with its recorded size and CRC32C.");
    }

    private static BackupCheckResult HashResult(BackupManifest manifest, string target, BackupArtifact artifact, string actual, long started)
    {
        var passed = string.Equals(actual, artifact.Sha256, StringComparison.OrdinalIgnoreCase);
        return Result(manifest, "ArtifactHash", target, passed ? BackupCheckStatus.Passed : BackupCheckStatus.Failed, started, artifact.Sha256, actual,
            passed ? null : $"{target} does not match its SHA-256 in the manifest: it was changed after the backup.",
            passed ? null : "BackupArtifactHashMismatch");
    }

    private static BackupCheckResult Missing(BackupManifest manifest, string target, BackupArtifact artifact, string where, long started) =>
        Result(manifest, "ArtifactHash", target, BackupCheckStatus.Failed, started, artifact.Sha256, null, $"{where} is missing.", "BackupArtifactMissing");

    private static BackupCheckResult Result(BackupManifest manifest, string check, string target, BackupCheckStatus status, long started, string? expected = null, string? actual = null, string? message = null, string? errorId = null) => new()
    {
        BackupId = manifest.Id,
        Check = check,
        Target = target,
        Status = status,
        Expected = expected,
        Actual = actual,
        Message = message,
        ErrorId = errorId,
        Duration = Stopwatch.GetElapsedTime(started),
    };
}
