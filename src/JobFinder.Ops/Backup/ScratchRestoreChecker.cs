using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>dbatools' Test-DbaLastBackup for Firestore: imports the export into a scratch database,
/// compares it with what the backup recorded when it was taken (<see cref="BackupManifest.Contents"/>:
/// document counts per collection group, sampled documents' field hashes), then deletes the scratch
/// database whatever happened. The live database is never read: it changes after the backup, so
/// comparing with it would fail on any database in use. A backup taken before contents were recorded
/// is proven to import, and the comparison is reported Skipped with a warning.</summary>
internal sealed class ScratchRestoreChecker(GoogleRestClient client)
{
    private readonly FirestoreAdminApi _admin = new(client);
    private readonly FirestoreDocumentsClient _documents = new(client);
    private readonly FirestoreExportRunner _runner = new(client);

    public async Task<IReadOnlyList<BackupCheckResult>> CheckAsync(BackupManifest manifest, BackupVerifyOptions options, CancellationToken cancellationToken)
    {
        var export = manifest.FirestoreExport;
        var source = new DatabaseName(manifest.ProjectId, export.Database);
        var scratch = new DatabaseName(manifest.ProjectId, options.ScratchDatabase ?? $"restore-check-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
        var results = new List<BackupCheckResult>();
        // Only the database resource (its location), so the scratch copy lives where the source does.
        var sourceInfo = await _admin.GetDatabaseAsync(source, cancellationToken).ConfigureAwait(false);
        var created = false;
        try
        {
            var started = Stopwatch.GetTimestamp();
            client.Events.Verbose($"Creating scratch database {scratch}.");
            var create = await _admin.CreateDatabaseAsync(scratch, new FirestoreDatabase
            {
                LocationId = sourceInfo.LocationId,
                Type = DatabaseType.FirestoreNative,
                DeleteProtectionState = "DELETE_PROTECTION_DISABLED",
            }, cancellationToken).ConfigureAwait(false);
            created = true;
            await _admin.WaitForDatabaseAsync(create, cancellationToken: cancellationToken).ConfigureAwait(false);

            var import = await _runner.StartImportAsync(scratch, export.OutputUriPrefix, export.CollectionIds, cancellationToken).ConfigureAwait(false);
            var imported = await _runner.WaitAsync(import, scratch.Database, export.OutputUriPrefix, export.CollectionIds, cancellationToken).ConfigureAwait(false);
            var importOk = imported.State == "SUCCESSFUL";
            results.Add(Result(manifest, "RestoreImport", scratch.ToString(), importOk, started, export.Documents.ToString(CultureInfo.InvariantCulture),
                imported.Documents.ToString(CultureInfo.InvariantCulture),
                importOk ? $"Imported {imported.Documents} documents into {scratch.Database}." : $"The import failed: {imported.Error}", "BackupRestoreFailed"));
            if (!importOk)
            {
                return results;
            }

            if (manifest.Contents is not { } contents)
            {
                results.Add(NotRecorded(manifest));
                return results;
            }

            foreach (var collection in contents.Collections)
            {
                results.Add(await CompareCountAsync(manifest, contents, scratch, collection, cancellationToken).ConfigureAwait(false));
                results.Add(await CompareSampleAsync(manifest, contents, scratch, collection, options.SampleSize, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            if (created)
            {
                results.Add(await DeleteScratchAsync(manifest, scratch).ConfigureAwait(false));
            }
        }

        return results;
    }

    /// <summary>A backup written before contents were recorded: there is nothing of its own to compare
    /// the scratch copy with, and the live database is no reference (it changed since).</summary>
    private BackupCheckResult NotRecorded(BackupManifest manifest)
    {
        var message = $"Backup {manifest.Id} records no contents (it was taken before backups recorded their document counts and samples): the restore proved that the export imports, but the restored documents could not be compared. Take a new backup for a full check.";
        client.Events.Warning(message);
        return new BackupCheckResult
        {
            BackupId = manifest.Id,
            Check = "DocumentCount",
            Target = manifest.FirestoreExport.OutputUriPrefix,
            Status = BackupCheckStatus.Skipped,
            Message = message,
        };
    }

    private async Task<BackupCheckResult> CompareCountAsync(BackupManifest manifest, BackupContents contents, DatabaseName scratch, BackupCollectionContents collection, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var expected = collection.Documents;
        var actual = await _documents.CountAsync(scratch, collection.CollectionId, null, cancellationToken).ConfigureAwait(false);
        return Result(manifest, "DocumentCount", collection.CollectionId, expected == actual, started, expected.ToString(CultureInfo.InvariantCulture), actual.ToString(CultureInfo.InvariantCulture),
            expected == actual
                ? $"{actual} documents in '{collection.CollectionId}' restored, as recorded when the backup was taken."
                : $"'{collection.CollectionId}' had {expected} documents when the backup was taken but {actual} after the restore.{Caveat(contents)}",
            "BackupRestoreCountMismatch");
    }

    private async Task<BackupCheckResult> CompareSampleAsync(BackupManifest manifest, BackupContents contents, DatabaseName scratch, BackupCollectionContents collection, int sampleSize, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var samples = collection.Samples.Take(sampleSize).ToList();
        var matched = 0;
        string? firstDifference = null;
        foreach (var sample in samples)
        {
            var restored = await _documents.GetDocumentAsync($"{scratch}/documents/{sample.Path}", null, cancellationToken).ConfigureAwait(false);
            var difference = restored is null ? "it is not in the restored copy" : DocumentFields.FirstDifference(sample.FieldSha256, DocumentFields.Hashes(restored.Value));
            if (difference is null)
            {
                matched++;
            }
            else
            {
                firstDifference ??= $"{sample.Path}: {difference}";
            }
        }

        var passed = firstDifference is null;
        return Result(manifest, "DocumentSample", collection.CollectionId, passed, started, samples.Count.ToString(CultureInfo.InvariantCulture), matched.ToString(CultureInfo.InvariantCulture),
            passed
                ? $"{matched} sampled documents of '{collection.CollectionId}' match the backup's recorded field hashes."
                : $"A restored document differs from what the backup recorded: {firstDifference}.{Caveat(contents)}",
            "BackupRestoreDocumentMismatch");
    }

    /// <summary>Contents read after an export without a snapshot time may include writes the export missed.</summary>
    private static string Caveat(BackupContents contents) => contents.PointInTime
        ? string.Empty
        : $" The contents were recorded right after the export ({contents.ReadTime:u}), which had no snapshot time: a write made while the export ran can explain this.";

    /// <summary>Always attempted, even after a failure or a cancellation, so no scratch database is left behind.</summary>
    private async Task<BackupCheckResult> DeleteScratchAsync(BackupManifest manifest, DatabaseName scratch)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            var delete = await _admin.DeleteDatabaseAsync(scratch, cancellationToken: timeout.Token).ConfigureAwait(false);
            await _admin.WaitAsync(delete, cancellationToken: timeout.Token).ConfigureAwait(false);
            return Result(manifest, "ScratchCleanup", scratch.ToString(), true, started, message: $"Deleted scratch database {scratch.Database}.");
        }
        catch (Exception ex) when (ex is Errors.JobFinderException or OperationCanceledException or HttpRequestException)
        {
            client.Events.Warning($"Could not delete scratch database {scratch}: {ex.Message}. Delete it by hand.");
            return Result(manifest, "ScratchCleanup", scratch.ToString(), false, started, message: $"Could not delete {scratch}: {ex.Message}", errorId: "BackupScratchCleanupFailed");
        }
    }

    private static BackupCheckResult Result(BackupManifest manifest, string check, string target, bool passed, long started, string? expected = null, string? actual = null, string? message = null, string? errorId = null) => new()
    {
        BackupId = manifest.Id,
        Check = check,
        Target = target,
        Status = passed ? BackupCheckStatus.Passed : BackupCheckStatus.Failed,
        Expected = expected,
        Actual = actual,
        Message = message,
        ErrorId = passed ? null : errorId,
        Duration = Stopwatch.GetElapsedTime(started),
    };
}
