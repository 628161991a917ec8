using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Storage;

/// <summary>The JSON forms of buckets and objects (storage-v1 discovery schemas <c>Bucket</c>, <c>Object</c>).</summary>
internal static class StorageResources
{
    public static JsonObject Bucket(StorageBucket bucket, string origin)
    {
        var json = new JsonObject
        {
            ["kind"] = "storage#bucket",
            ["id"] = bucket.Name,
            ["selfLink"] = $"{origin}/storage/v1/b/{bucket.Name}",
            ["projectNumber"] = GoogleJson.Int64(ProjectNumbers.Of(bucket.ProjectId)),
            ["name"] = bucket.Name,
            ["timeCreated"] = GoogleJson.Timestamp(bucket.TimeCreated),
            ["updated"] = GoogleJson.Timestamp(bucket.Updated),
            ["metageneration"] = GoogleJson.Int64(bucket.Metageneration),
            ["location"] = bucket.Location,
            ["locationType"] = bucket.Location.Length > 2 && !bucket.Location.Contains('-') ? "multi-region" : "region",
            ["storageClass"] = bucket.StorageClass,
            ["etag"] = Etag(bucket.Metageneration),
        };
        foreach (var (key, value) in bucket.Settings)
        {
            if (!json.ContainsKey(key))
            {
                json[key] = value?.DeepClone();
            }
        }
        return json;
    }

    public static JsonObject Object(StorageObject obj, string origin)
    {
        var escaped = Uri.EscapeDataString(obj.Name);
        var generation = GoogleJson.Int64(obj.Generation);
        var json = new JsonObject
        {
            ["kind"] = "storage#object",
            ["id"] = $"{obj.Bucket}/{obj.Name}/{generation}",
            ["selfLink"] = $"{origin}/storage/v1/b/{obj.Bucket}/o/{escaped}",
            ["mediaLink"] = $"{origin}/download/storage/v1/b/{obj.Bucket}/o/{escaped}?generation={generation}&alt=media",
            ["name"] = obj.Name,
            ["bucket"] = obj.Bucket,
            ["generation"] = generation,
            ["metageneration"] = GoogleJson.Int64(obj.Metageneration),
            ["contentType"] = obj.ContentType,
            ["storageClass"] = "STANDARD",
            ["size"] = GoogleJson.Int64(obj.Blob.Size),
            ["md5Hash"] = obj.Blob.Md5Base64,
            ["crc32c"] = obj.Blob.Crc32cBase64,
            ["etag"] = Etag(obj.Generation),
            ["timeCreated"] = GoogleJson.Timestamp(obj.TimeCreated),
            ["updated"] = GoogleJson.Timestamp(obj.Updated),
            ["timeStorageClassUpdated"] = GoogleJson.Timestamp(obj.TimeCreated),
        };
        if (obj.Metadata.Count > 0)
        {
            json["metadata"] = new JsonObject(obj.Metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
        }
        return json;
    }

    /// <summary>GCS etags are base64 of an opaque varint; the generation's bytes are opaque enough.</summary>
    private static string Etag(long value) => Convert.ToBase64String(BitConverter.GetBytes(value).Reverse().SkipWhile(b => b == 0).ToArray());
}
