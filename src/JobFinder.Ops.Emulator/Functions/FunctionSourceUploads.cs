using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Source archives uploaded through <c>generateUploadUrl</c> signed URLs, kept in the emulated
/// upload bucket (<c>gcf-v2-uploads-NUMBER-LOCATION</c>). URLs are signed with an HMAC derived from the
/// emulator's signing key, so they stay valid across a restart with the same data path.</summary>
public sealed class FunctionSourceUploads(EmulatorKeys keys, TimeProvider time, StatePersistence persistence) : IPersistentStore
{
    public static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(30);
    private readonly Lock gate = new();
    private readonly Dictionary<string, UploadedSource> objects = new(StringComparer.Ordinal);

    public string Name => "function-sources";

    public static string BucketOf(string project, string location) => $"gcf-v2-uploads-{ProjectNumbers.Of(project)}-{location}";

    public static bool IsUploadBucket(string bucket) => bucket.StartsWith("gcf-v2-uploads-", StringComparison.Ordinal);

    /// <summary>The signed query string for a PUT of <paramref name="bucket"/>/<paramref name="objectName"/>.</summary>
    public string SignedQuery(string bucket, string objectName, string accessId, string method = "PUT")
    {
        var expires = (time.GetUtcNow() + UrlLifetime).ToUnixTimeSeconds();
        return $"GoogleAccessId={Uri.EscapeDataString(accessId)}&Expires={expires}&Signature={Uri.EscapeDataString(Sign(bucket, objectName, expires, method))}";
    }

    public bool VerifySignature(string bucket, string objectName, string? expiresText, string? signature, string method = "PUT")
    {
        if (!long.TryParse(expiresText, out var expires) || signature is null || expires < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(bucket, objectName, expires, method)), Encoding.ASCII.GetBytes(signature));
    }

    public UploadedSource Put(string bucket, string objectName, byte[] content)
    {
        UploadedSource stored;
        lock (gate)
        {
            var generation = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds() * 1000, (objects.GetValueOrDefault(Key(bucket, objectName))?.Generation ?? 0) + 1);
            stored = new UploadedSource(bucket, objectName, generation, content);
            objects[Key(bucket, objectName)] = stored;
        }

        persistence.MarkDirty();
        return stored;
    }

    public UploadedSource? Get(string bucket, string objectName)
    {
        lock (gate)
        {
            return objects.GetValueOrDefault(Key(bucket, objectName));
        }
    }

    public JsonNode Save()
    {
        lock (gate)
        {
            return new JsonArray(objects.Values.Select(o => (JsonNode)new JsonObject
            {
                ["bucket"] = o.Bucket,
                ["object"] = o.Object,
                ["generation"] = GoogleJson.Int64(o.Generation),
                ["content"] = Convert.ToBase64String(o.Content),
            }).ToArray());
        }
    }

    public void Load(JsonNode state)
    {
        lock (gate)
        {
            objects.Clear();
            foreach (var node in state.AsArray().OfType<JsonObject>())
            {
                var source = new UploadedSource(
                    node["bucket"]!.GetValue<string>(),
                    node["object"]!.GetValue<string>(),
                    GoogleJson.ReadInt64(node["generation"]) ?? 1,
                    Convert.FromBase64String(node["content"]!.GetValue<string>()));
                objects[Key(source.Bucket, source.Object)] = source;
            }
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            objects.Clear();
        }
    }

    /// <summary>The method is signed too: a download URL cannot be used to upload, nor the reverse.</summary>
    private string Sign(string bucket, string objectName, long expires, string method)
    {
        var key = SHA256.HashData(keys.SigningKey.ExportRSAPublicKey());
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{method}\n{bucket}/{objectName}\n{expires}"));
        return Jwt.Base64Url(mac);
    }

    private static string Key(string bucket, string objectName) => bucket + "/" + objectName;
}

public sealed record UploadedSource(string Bucket, string Object, long Generation, byte[] Content)
{
    public string Md5Base64 => Convert.ToBase64String(MD5.HashData(Content));
}
