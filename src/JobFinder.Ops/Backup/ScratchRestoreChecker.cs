using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>dbatools' Test-DbaLastBackup for Firestore: imports the export into a scratch database,
/// compares document counts per collection with the source (read as of the export's snapshot time while
/// the database still keeps that version), compares a sample of documents field by field, then deletes
/// the scratch database whatever happened.</summary>
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

            var readTime = ReadTimeFor(export, sourceInfo);
            var collections = export.CollectionIds.Count > 0
                ? export.CollectionIds
                : await _documents.ListCollectionIdsAsync(source, readTime, cancellationToken).ConfigureAwait(false);
            foreach (var collection in collections)
            {
                results.Add(await CompareCountAsync(manifest, source, scratch, collection, readTime, cancellationToken).ConfigureAwait(false));
                results.Add(await CompareSampleAsync(manifest, source, scratch, collection, readTime, options.SampleSize, cancellationToken).ConfigureAwait(false));
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

    /// <summary>The source is read as of the export's snapshot when the database still has that version;
    /// otherwise as it is now (and recent writes may show up as differences).</summary>
    private DateTimeOffset? ReadTimeFor(BackupFirestoreExport export, FirestoreDatabase source)
    {
        if (export.SnapshotTime is { } snapshot && source.EarliestVersionTime is { } earliest && snapshot >= earliest)
        {
            return snapshot;
        }

        if (export.SnapshotTime is not null)
        {
            client.Events.Warning($"The export's snapshot time {export.SnapshotTime:u} is older than the versions the database keeps; comparing with the source as it is now.");
        }

        return null;
    }

    private async Task<BackupCheckResult> CompareCountAsync(BackupManifest manifest, DatabaseName source, DatabaseName scratch, string collection, DateTimeOffset? readTime, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var expected = await _documents.CountAsync(source, collection, readTime, cancellationToken).ConfigureAwait(false);
        var actual = await _documents.CountAsync(scratch, collection, null, cancellationToken).ConfigureAwait(false);
        return Result(manifest, "DocumentCount", collection, expected == actual, started, expected.ToString(CultureInfo.InvariantCulture), actual.ToString(CultureInfo.InvariantCulture),
            expected == actual ? $"{actual} documents in '{collection}' restored." : $"'{collection}' has {expected} documents in the source but {actual} after the restore.",
            "BackupRestoreCountMismatch");
    }

    private async Task<BackupCheckResult> CompareSampleAsync(BackupManifest manifest, DatabaseName source, DatabaseName scratch, string collection, DateTimeOffset? readTime, int sampleSize, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var sample = await _documents.ListDocumentsAsync(scratch, collection, sampleSize, cancellationToken).ConfigureAwait(false);
        var scratchRoot = $"{scratch}/documents/";
        var matched = 0;
        string? firstDifference = null;
        foreach (var restored in sample)
        {
            var path = restored.GetProperty("name").GetString()![scratchRoot.Length..];
            var original = await _documents.GetDocumentAsync($"{source}/documents/{path}", readTime, cancellationToken).ConfigureAwait(false);
            var difference = original is null ? $"{path} is not in the source" : DocumentFields.FirstDifference(original.Value, restored);
            if (difference is null)
            {
                matched++;
            }
            else
            {
                firstDifference ??= original is null ? difference : $"{path}: {difference}";
            }
        }

        var passed = firstDifference is null;
        return Result(manifest, "DocumentSample", collection, passed, started, sample.Count.ToString(CultureInfo.InvariantCulture), matched.ToString(CultureInfo.InvariantCulture),
            passed ? $"{matched} sampled documents of '{collection}' match the source field by field." : $"A restored document differs from the source: {firstDifference}.",
            "BackupRestoreDocumentMismatch");
    }

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
