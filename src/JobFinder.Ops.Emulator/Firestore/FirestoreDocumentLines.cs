using System.Text;
using System.Text.Json;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>One document per line: <c>{"name":"jobs/abc","createTime":..,"updateTime":..,"fields":{..}}</c>.
/// The format of export output files and of the persisted document files; the stored <c>fields</c> bytes
/// are copied, never re-parsed, on the way out.</summary>
internal static class FirestoreDocumentLines
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void Write(Stream stream, IEnumerable<FirestoreDocument> documents)
    {
        // The writer buffers one document at a time before it goes to the stream.
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
        foreach (var document in documents)
        {
            writer.WriteStartObject();
            writer.WriteString("name", document.Path);
            writer.WriteString("createTime", GoogleJson.Timestamp(document.CreateTime));
            writer.WriteString("updateTime", GoogleJson.Timestamp(document.UpdateTime));
            writer.WritePropertyName("fields");
            writer.WriteRawValue(document.FieldsJson, skipInputValidation: true);
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            stream.Write(NewLine);
        }
    }

    public static FirestoreDocument Parse(string line)
    {
        using var parsed = JsonDocument.Parse(line);
        var root = parsed.RootElement;
        GoogleJson.TryParseTimestamp(root.GetProperty("createTime").GetString(), out var created);
        GoogleJson.TryParseTimestamp(root.GetProperty("updateTime").GetString(), out var updated);
        var fields = Encoding.UTF8.GetBytes(root.GetProperty("fields").GetRawText());
        return new FirestoreDocument(root.GetProperty("name").GetString()!, fields, created, updated);
    }

    /// <summary>Reads a stream line by line, handing documents over in batches.</summary>
    public static IEnumerable<List<FirestoreDocument>> ReadBatches(Stream stream, int batchSize, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, false, 64 * 1024);
        var batch = new List<FirestoreDocument>(batchSize);
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (line.Length == 0)
            {
                continue;
            }
            batch.Add(Parse(line));
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<FirestoreDocument>(batchSize);
            }
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
