using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Storage;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>Reads an export written by <see cref="FirestoreExporter"/> back into a database (the source
/// one or any other, e.g. a scratch database that verifies a backup). Reads line by line and inserts in
/// batches, so memory stays flat whatever the export size.</summary>
internal sealed class FirestoreImporter(StorageStore storage)
{
    private const int BatchSize = 1000;

    public TransferProgress Import(FirestoreDatabase target, string bucket, string prefix, IReadOnlyCollection<string> collectionIds,
        Action<TransferProgress> progress, CancellationToken cancellationToken)
    {
        if (!storage.BucketExists(bucket))
        {
            throw GoogleErrors.NotFound($"Bucket {bucket} does not exist.");
        }
        var overall = ReadJson(bucket, FirestoreExportFormat.OverallMetadata(prefix))
            ?? throw GoogleErrors.NotFound($"Could not find the export metadata file gs://{bucket}/{FirestoreExportFormat.OverallMetadata(prefix)}.");
        if ((string?)overall["format"] != FirestoreExportFormat.FormatName)
        {
            throw GoogleErrors.InvalidArgument($"gs://{bucket}/{prefix} is not an export this emulator wrote.");
        }
        long documents = 0, bytes = 0;
        foreach (var kind in overall["kinds"]!.AsArray())
        {
            var collectionId = (string)kind!["collectionId"]!;
            if (collectionIds.Count > 0 && !collectionIds.Contains(collectionId))
            {
                continue;
            }
            foreach (var output in kind["outputs"]!.AsArray())
            {
                var stored = storage.GetObject(bucket, (string)output!);
                foreach (var batch in FirestoreDocumentLines.ReadBatches(storage.OpenRead(stored), BatchSize, cancellationToken))
                {
                    target.PutMany(batch);
                    documents += batch.Count;
                    bytes += batch.Sum(d => (long)d.FieldsJson.Length);
                    progress(new TransferProgress(documents, bytes));
                }
            }
        }
        var totals = new TransferProgress(documents, bytes);
        progress(totals);
        return totals;
    }

    private JsonNode? ReadJson(string bucket, string name)
    {
        StorageObject stored;
        try
        {
            stored = storage.GetObject(bucket, name);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return null;
        }
        using var stream = storage.OpenRead(stored);
        return JsonNode.Parse(stream);
    }
}
