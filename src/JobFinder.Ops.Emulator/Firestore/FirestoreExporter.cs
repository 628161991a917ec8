using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Storage;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>Counters an export or import reports as it goes (ExportDocumentsMetadata progress).</summary>
internal sealed record TransferProgress(long Documents, long Bytes);

/// <summary>Writes a database (or some collection groups of it) into Cloud Storage objects in the
/// <see cref="FirestoreExportFormat"/> layout. Streams: each output file is produced straight into the
/// blob store from the document snapshot, never assembled as a string.</summary>
internal sealed class FirestoreExporter(StorageStore storage)
{
    /// <summary>Exports and returns the totals. <paramref name="prefix"/> must not be empty.</summary>
    public TransferProgress Export(FirestoreDatabase database, string bucket, string prefix, IReadOnlyCollection<string> collectionIds,
        DateTimeOffset startTime, Action<TransferProgress> progress, CancellationToken cancellationToken)
    {
        if (!storage.BucketExists(bucket))
        {
            throw GoogleErrors.NotFound($"Bucket {bucket} does not exist.");
        }
        var snapshot = database.Snapshot(d => collectionIds.Count == 0 || collectionIds.Contains(d.CollectionId));
        var byKind = snapshot.GroupBy(d => d.CollectionId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        long documents = 0, bytes = 0;
        var kinds = new JsonArray();
        foreach (var kind in byKind)
        {
            var outputs = new JsonArray();
            long kindDocuments = 0, kindBytes = 0;
            foreach (var (chunk, index) in kind.Chunk(FirestoreExportFormat.DocumentsPerOutput).Select((c, i) => (c, i)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = FirestoreExportFormat.Output(prefix, kind.Key, index);
                storage.WriteObject(bucket, name, "application/x-ndjson", stream => FirestoreDocumentLines.Write(stream, chunk));
                outputs.Add(name);
                kindDocuments += chunk.Length;
                kindBytes += chunk.Sum(d => (long)d.FieldsJson.Length);
                progress(new TransferProgress(documents + kindDocuments, bytes + kindBytes));
            }
            var kindMetadata = new JsonObject
            {
                ["format"] = FirestoreExportFormat.FormatName,
                ["version"] = FirestoreExportFormat.Version,
                ["collectionId"] = kind.Key,
                ["documents"] = GoogleJson.Int64(kindDocuments),
                ["bytes"] = GoogleJson.Int64(kindBytes),
                ["outputs"] = outputs,
            };
            var kindMetadataName = FirestoreExportFormat.KindMetadata(prefix, kind.Key);
            WriteJson(bucket, kindMetadataName, kindMetadata);
            kinds.Add(new JsonObject
            {
                ["collectionId"] = kind.Key,
                ["documents"] = GoogleJson.Int64(kindDocuments),
                ["bytes"] = GoogleJson.Int64(kindBytes),
                ["metadata"] = kindMetadataName,
                ["outputs"] = outputs.DeepClone(),
            });
            documents += kindDocuments;
            bytes += kindBytes;
        }
        WriteJson(bucket, FirestoreExportFormat.OverallMetadata(prefix), new JsonObject
        {
            ["format"] = FirestoreExportFormat.FormatName,
            ["version"] = FirestoreExportFormat.Version,
            ["database"] = database.Name,
            ["startTime"] = GoogleJson.Timestamp(startTime),
            ["collectionIds"] = new JsonArray([.. collectionIds.Select(c => (JsonNode)c)]),
            ["documents"] = GoogleJson.Int64(documents),
            ["bytes"] = GoogleJson.Int64(bytes),
            ["kinds"] = kinds,
        });
        var totals = new TransferProgress(documents, bytes);
        progress(totals);
        return totals;
    }

    private void WriteJson(string bucket, string name, JsonObject content) =>
        storage.WriteObject(bucket, name, "application/json", stream => JsonSerializer.Serialize(stream, content, GoogleJson.Indented));
}
