using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>One stored document. Immutable: an update replaces the instance, so a snapshot of references
/// (export) stays consistent without copying. <see cref="FieldsJson"/> is the UTF-8 JSON of Firestore's
/// <c>fields</c> map (typed values: <c>{"stringValue":..}</c>, <c>{"integerValue":"7"}</c>...): compact
/// (a 50,000-document database stays small) and written to exports and responses as is.</summary>
internal sealed class FirestoreDocument
{
    public FirestoreDocument(string path, byte[] fieldsJson, DateTimeOffset createTime, DateTimeOffset updateTime)
    {
        Path = path;
        FieldsJson = fieldsJson;
        CreateTime = createTime;
        UpdateTime = updateTime;
    }

    /// <summary>Path relative to <c>.../documents</c>: <c>jobs/abc</c>, <c>users/u1/notes/n1</c>.</summary>
    public string Path { get; }

    public byte[] FieldsJson { get; }

    public DateTimeOffset CreateTime { get; }

    public DateTimeOffset UpdateTime { get; }

    /// <summary>The id of the collection the document sits in (its collection group).</summary>
    public string CollectionId => CollectionIdOf(Path);

    public JsonObject Fields() => JsonNode.Parse(FieldsJson)!.AsObject();

    public static string CollectionIdOf(string documentPath)
    {
        var end = documentPath.LastIndexOf('/');
        var start = documentPath.LastIndexOf('/', end - 1);
        return documentPath[(start + 1)..end];
    }

    public static byte[] Serialize(JsonObject fields) => JsonSerializer.SerializeToUtf8Bytes(fields);
}
