using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>Runs a Firestore managed export (or import) and reports it as a
/// <see cref="BackupFirestoreExport"/>. Progress (documents and bytes from the operation metadata) is
/// reported by the poller as it waits. A failed or cancelled operation is returned with its state and
/// error rather than thrown, so the caller can record it in the manifest before failing.</summary>
internal sealed class FirestoreExportRunner(GoogleRestClient client)
{
    private readonly FirestoreAdminApi _firestore = new(client);

    /// <summary>Starts the export at a consistent snapshot time when the database offers one.</summary>
    public async Task<Operation> StartExportAsync(DatabaseName database, string outputUriPrefix, IReadOnlyList<string> collectionIds, CancellationToken cancellationToken)
    {
        var snapshotTime = await SnapshotTimeAsync(database, cancellationToken).ConfigureAwait(false);
        client.Events.Verbose($"Exporting {database} to {outputUriPrefix}" + (snapshotTime is { } t ? $" as of {t:u}." : "."));
        return await _firestore.ExportDocumentsAsync(database, new ExportDocumentsRequest
        {
            OutputUriPrefix = outputUriPrefix,
            CollectionIds = collectionIds.Count == 0 ? null : [.. collectionIds],
            SnapshotTime = snapshotTime,
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<Operation> StartImportAsync(DatabaseName database, string inputUriPrefix, IReadOnlyList<string> collectionIds, CancellationToken cancellationToken)
    {
        client.Events.Verbose($"Importing {inputUriPrefix} into {database}.");
        return _firestore.ImportDocumentsAsync(database, new ImportDocumentsRequest
        {
            InputUriPrefix = inputUriPrefix,
            CollectionIds = collectionIds.Count == 0 ? null : [.. collectionIds],
        }, cancellationToken);
    }

    /// <summary>Waits for an export/import; returns what its metadata says, with <c>FAILED</c> and the
    /// error when it ended in error.</summary>
    public async Task<BackupFirestoreExport> WaitAsync(Operation operation, string database, string uriPrefix, IReadOnlyList<string> collectionIds, CancellationToken cancellationToken)
    {
        string? error = null;
        try
        {
            operation = await _firestore.WaitAsync(operation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.OperationName is not null)
        {
            error = ex.ApiMessage;
            operation = await _firestore.GetOperationAsync(ex.OperationName, cancellationToken).ConfigureAwait(false);
        }

        var metadata = FirestoreAdminApi.ReadMetadata(operation);
        var state = metadata?.OperationState switch
        {
            null when error is null && operation.Done => "SUCCESSFUL",
            null => "FAILED",
            var s => GoogleStateName(s.Value),
        };
        if (error is not null && state == "SUCCESSFUL")
        {
            state = "FAILED";
        }

        return new BackupFirestoreExport
        {
            Database = database,
            OutputUriPrefix = metadata?.OutputUriPrefix ?? uriPrefix,
            OperationName = operation.Name,
            State = state,
            Documents = metadata?.ProgressDocuments?.CompletedWork ?? 0,
            Bytes = metadata?.ProgressBytes?.CompletedWork ?? 0,
            CollectionIds = collectionIds,
            SnapshotTime = metadata?.SnapshotTime,
            StartTime = metadata?.StartTime,
            EndTime = metadata?.EndTime,
            Error = error ?? (state == "SUCCESSFUL" ? null : $"The operation ended {state}."),
        };
    }

    /// <summary>Now rounded down to the minute (the API's rule), if the database keeps versions that old;
    /// otherwise none, and the export is not a point-in-time copy.</summary>
    private async Task<DateTimeOffset?> SnapshotTimeAsync(DatabaseName database, CancellationToken cancellationToken)
    {
        var info = await _firestore.GetDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        if (info.EarliestVersionTime is { } earliest && earliest > minute)
        {
            client.Events.Warning($"{database} keeps no versions before {earliest:u}; the export is not a point-in-time snapshot.");
            return null;
        }

        return info.EarliestVersionTime is null ? null : minute;
    }

    private static string GoogleStateName(FirestoreOperationState state) => state switch
    {
        FirestoreOperationState.Successful => "SUCCESSFUL",
        FirestoreOperationState.Failed => "FAILED",
        FirestoreOperationState.Cancelled => "CANCELLED",
        FirestoreOperationState.Cancelling => "CANCELLING",
        FirestoreOperationState.Processing => "PROCESSING",
        FirestoreOperationState.Initializing => "INITIALIZING",
        FirestoreOperationState.Finalizing => "FINALIZING",
        _ => "OPERATION_STATE_UNSPECIFIED",
    };

    /// <summary>Turns a finished transfer that did not succeed into the error a cmdlet reports.</summary>
    public static JobFinderException Failure(string errorId, BackupFirestoreExport transfer, string what) =>
        new(errorId, ErrorKind.InvalidOperation, $"{what} {transfer.OperationName} ended {transfer.State}: {transfer.Error}", transfer.OperationName ?? transfer.OutputUriPrefix);
}
