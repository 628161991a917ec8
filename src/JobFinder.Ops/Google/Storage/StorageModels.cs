using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobFinder.Ops.Google.Storage;

public sealed record Bucket
{
    public string? Kind { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Location { get; init; }

    public string? LocationType { get; init; }

    public string? StorageClass { get; init; }

    public BucketVersioning? Versioning { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? ProjectNumber { get; init; }

    public DateTimeOffset? TimeCreated { get; init; }

    public DateTimeOffset? Updated { get; init; }

    public string? Etag { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Metageneration { get; init; }

    /// <summary>lifecycle, retentionPolicy, softDeletePolicy and the rest, passed through.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record BucketVersioning
{
    public bool? Enabled { get; init; }
}

public sealed record StorageObject
{
    public string? Kind { get; init; }

    /// <summary><c>bucket/name/generation</c>.</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Bucket { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Generation { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Metageneration { get; init; }

    public string? ContentType { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Size { get; init; }

    /// <summary>Base64 of the MD5 digest.</summary>
    public string? Md5Hash { get; init; }

    /// <summary>Base64 of the big-endian CRC32C.</summary>
    public string? Crc32c { get; init; }

    public string? Etag { get; init; }

    public DateTimeOffset? TimeCreated { get; init; }

    public DateTimeOffset? Updated { get; init; }

    public string? MediaLink { get; init; }

    public string? SelfLink { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public string? StorageClass { get; init; }
}

public sealed record ListObjectsResponse
{
    public string? Kind { get; init; }

    public List<StorageObject>? Items { get; init; }

    /// <summary>"Directories" under the prefix when a delimiter was given.</summary>
    public List<string>? Prefixes { get; init; }

    public string? NextPageToken { get; init; }
}

/// <summary>Conditions that make a Storage write or delete apply only to the expected state (HTTP 412
/// otherwise). <c>IfGenerationMatch = 0</c> means "only if the object does not exist".</summary>
public sealed record StoragePreconditions
{
    public long? IfGenerationMatch { get; init; }

    public long? IfGenerationNotMatch { get; init; }

    public long? IfMetagenerationMatch { get; init; }

    public long? IfMetagenerationNotMatch { get; init; }

    public static StoragePreconditions DoesNotExist { get; } = new() { IfGenerationMatch = 0 };

    /// <summary>
    /// No condition is sent, but the caller is the object's only writer and always writes its whole
    /// content (a deployment's journal under the deployment lock, a backup's manifest under its unique
    /// id): a repeat writes the same bytes, so the write is retried like an idempotent one. Without
    /// this, a 429 on a journal copy was not retried and the bucket's copy fell behind.
    /// </summary>
    public static StoragePreconditions SoleWriter { get; } = new() { IsSoleWriter = true };

    /// <summary>See <see cref="SoleWriter"/>.</summary>
    public bool IsSoleWriter { get; init; }

    /// <summary>A generation match makes a repeat harmless (once applied, the repeat fails with 412);
    /// so does being the object's only writer of whole contents.</summary>
    internal bool MakesWriteIdempotent => IfGenerationMatch is not null || IfMetagenerationMatch is not null || IsSoleWriter;
}

/// <summary>An object body being read; disposing it releases the connection.</summary>
public sealed class StorageDownload(HttpResponseMessage response, Stream content) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public long? Length => response.Content.Headers.ContentLength;

    public string? ContentType => response.Content.Headers.ContentType?.ToString();

    /// <summary><c>x-goog-generation</c>, when the server sent it.</summary>
    public long? Generation => response.Headers.TryGetValues("x-goog-generation", out var values) && long.TryParse(values.FirstOrDefault(), out var generation) ? generation : null;

    public void Dispose()
    {
        Content.Dispose();
        response.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
    }
}

/// <summary><c>gs://bucket/object</c>.</summary>
public sealed record GcsUri(string Bucket, string ObjectName)
{
    public static GcsUri Parse(string uri)
    {
        if (!uri.StartsWith("gs://", StringComparison.Ordinal) || uri.Length <= 5)
        {
            throw new JobFinder.Ops.Errors.JobFinderException("GcsUriInvalid", JobFinder.Ops.Errors.ErrorKind.InvalidArgument, $"'{uri}' is not a gs://bucket/path URI.", uri);
        }

        var rest = uri[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new GcsUri(rest, string.Empty) : new GcsUri(rest[..slash], rest[(slash + 1)..]);
    }

    public override string ToString() => ObjectName.Length == 0 ? $"gs://{Bucket}" : $"gs://{Bucket}/{ObjectName}";
}
