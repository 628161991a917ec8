using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>Shared handling of export/import operations: real progress counters written into the metadata
/// while the transfer runs (the metadata object is replaced, never mutated, so concurrent polls read a
/// consistent copy), and SUCCESSFUL/FAILED with <c>endTime</c> at the end.</summary>
internal abstract class FirestoreTransferCompletion(FirestoreStore store) : IOperationCompletion
{
    public abstract string Kind { get; }

    protected FirestoreStore Store => store;

    public JsonNode Complete(OperationRecord operation)
    {
        var args = operation.CompletionArgs;
        var database = store.GetDatabase((string)args["project"]!, (string)args["database"]!);
        var collectionIds = (args["collectionIds"] as JsonArray ?? []).Select(c => (string)c!).ToHashSet(StringComparer.Ordinal);
        UpdateMetadata(operation, m => m["operationState"] = "PROCESSING");
        TransferProgress totals;
        try
        {
            totals = Transfer(operation, database, (string)args["bucket"]!, (string)args["prefix"]!, collectionIds,
                progress => UpdateMetadata(operation, m => SetProgress(m, progress)));
        }
        catch (IOException ex)
        {
            throw GoogleErrors.Internal("Transfer failed: " + ex.Message);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new GoogleApiException(RpcCode.DataLoss, "The export files are corrupt: " + ex.Message);
        }
        UpdateMetadata(operation, m =>
        {
            SetProgress(m, totals);
            m["operationState"] = "SUCCESSFUL";
            m["endTime"] = GoogleJson.Timestamp(store.Now);
        });
        store.NotifyChanged();
        return Response(operation);
    }

    public void Fail(OperationRecord operation, JsonObject error) =>
        UpdateMetadata(operation, m =>
        {
            m["operationState"] = error["code"]?.GetValue<int>() == RpcCode.Cancelled.Number ? "CANCELLED" : "FAILED";
            m["endTime"] = GoogleJson.Timestamp(store.Now);
        });

    public void Progress(OperationRecord operation, double fraction)
    {
        if ((string?)operation.Metadata["operationState"] == "INITIALIZING" && fraction > 0)
        {
            UpdateMetadata(operation, m => m["operationState"] = "PROCESSING");
        }
    }

    protected abstract TransferProgress Transfer(OperationRecord operation, FirestoreDatabase database, string bucket, string prefix,
        IReadOnlyCollection<string> collectionIds, Action<TransferProgress> progress);

    protected abstract JsonNode Response(OperationRecord operation);

    private static void SetProgress(JsonObject metadata, TransferProgress progress)
    {
        var documents = metadata["progressDocuments"] as JsonObject ?? [];
        var bytes = metadata["progressBytes"] as JsonObject ?? [];
        documents["completedWork"] = GoogleJson.Int64(progress.Documents);
        bytes["completedWork"] = GoogleJson.Int64(progress.Bytes);
        metadata["progressDocuments"] = documents;
        metadata["progressBytes"] = bytes;
    }

    private static void UpdateMetadata(OperationRecord operation, Action<JsonObject> change)
    {
        var copy = (JsonObject)operation.Metadata.DeepClone();
        change(copy);
        operation.Metadata = copy;
    }
}

internal sealed class FirestoreExportCompletion(FirestoreStore store, FirestoreExporter exporter) : FirestoreTransferCompletion(store)
{
    public const string KindName = "firestore.exportDocuments";

    public override string Kind => KindName;

    protected override TransferProgress Transfer(OperationRecord operation, FirestoreDatabase database, string bucket, string prefix,
        IReadOnlyCollection<string> collectionIds, Action<TransferProgress> progress) =>
        exporter.Export(database, bucket, prefix, collectionIds, operation.StartTime, progress, CancellationToken.None);

    protected override JsonNode Response(OperationRecord operation) => new JsonObject
    {
        ["@type"] = FirestoreTypes.ExportResponse,
        ["outputUriPrefix"] = operation.Metadata["outputUriPrefix"]?.DeepClone(),
    };
}

internal sealed class FirestoreImportCompletion(FirestoreStore store, FirestoreImporter importer) : FirestoreTransferCompletion(store)
{
    public const string KindName = "firestore.importDocuments";

    public override string Kind => KindName;

    protected override TransferProgress Transfer(OperationRecord operation, FirestoreDatabase database, string bucket, string prefix,
        IReadOnlyCollection<string> collectionIds, Action<TransferProgress> progress) =>
        importer.Import(database, bucket, prefix, collectionIds, progress, CancellationToken.None);

    protected override JsonNode Response(OperationRecord operation) => new JsonObject { ["@type"] = FirestoreTypes.Empty };
}
