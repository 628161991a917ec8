using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>Records what an export holds while the backup is taken (<see cref="BackupContents"/>): per
/// collection group the document count, and the first documents of each top-level collection with
/// their field hashes. The reads use <c>readTime</c> = the export's snapshot time when it has one and
/// the database still keeps that version: Firestore documents that exportDocuments with a snapshotTime
/// is "a consistent view of the database at the provided time" and that reads with readTime see the
/// version at that time (firestore-v1.json, ExportDocumentsRequest.snapshotTime, documents.get
/// readTime), so both describe the same data. Without one they are read right after the export.</summary>
internal sealed class BackupContentRecorder(GoogleRestClient client)
{
    private readonly FirestoreAdminApi _admin = new(client);
    private readonly FirestoreDocumentsClient _documents = new(client);

    /// <summary>The contents, or null (with a warning) when the credentials may export but not read
    /// documents: the backup is still good, only its restore check will be weaker.</summary>
    public async Task<BackupContents?> RecordAsync(string projectId, BackupFirestoreExport export, int sampleSize, CancellationToken cancellationToken)
    {
        var database = new DatabaseName(projectId, export.Database);
        try
        {
            var readTime = await PointInTimeAsync(database, export, cancellationToken).ConfigureAwait(false);
            var readAt = readTime ?? DateTimeOffset.UtcNow;
            var collectionIds = export.CollectionIds.Count > 0
                ? export.CollectionIds
                : await _documents.ListCollectionIdsAsync(database, readTime, cancellationToken).ConfigureAwait(false);
            var collections = new List<BackupCollectionContents>();
            foreach (var collectionId in collectionIds)
            {
                var count = await _documents.CountAsync(database, collectionId, readTime, cancellationToken).ConfigureAwait(false);
                var page = await _documents.ListDocumentsAsync(database, collectionId, sampleSize, readTime, cancellationToken).ConfigureAwait(false);
                collections.Add(new BackupCollectionContents
                {
                    CollectionId = collectionId,
                    Documents = count,
                    Samples = [.. page.Select(d => Sample(database, d))],
                });
            }

            client.Events.Verbose($"Recorded the contents of {database} as of {readAt:u}{(readTime is null ? " (after the export; it had no snapshot time)" : " (the export's snapshot time)")}: "
                + $"{collections.Count} collection group(s), {collections.Sum(c => c.Documents)} documents, {collections.Sum(c => c.Samples.Count)} sampled.");
            return new BackupContents { ReadTime = readAt, PointInTime = readTime is not null, Collections = collections };
        }
        catch (JobFinderException ex) when (ex.ErrorId == "GoogleApiPermissionDenied")
        {
            client.Events.Warning($"Could not record what the export of {database} holds ({ex.Message}); a restore check of this backup can only prove that it imports. Grant the backup credentials roles/datastore.viewer to record it.");
            return null;
        }
    }

    /// <summary>The export's snapshot time if the database can still be read at it; otherwise null
    /// (read as it is now), with a warning when the export had one.</summary>
    private async Task<DateTimeOffset?> PointInTimeAsync(DatabaseName database, BackupFirestoreExport export, CancellationToken cancellationToken)
    {
        if (export.SnapshotTime is not { } snapshot)
        {
            return null;
        }

        var info = await _admin.GetDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
        if (info.EarliestVersionTime is { } earliest && snapshot >= earliest)
        {
            return snapshot;
        }

        client.Events.Warning($"The export's snapshot time {snapshot:u} is older than the versions {database} keeps; its contents are recorded as they are now, so writes made since may show up as differences in a restore check.");
        return null;
    }

    private static BackupDocumentSample Sample(DatabaseName database, JsonElement document)
    {
        var root = $"{database}/documents/";
        var name = document.GetProperty("name").GetString()!;
        return new BackupDocumentSample
        {
            Path = name.StartsWith(root, StringComparison.Ordinal) ? name[root.Length..] : name,
            FieldSha256 = DocumentFields.Hashes(document),
        };
    }
}
