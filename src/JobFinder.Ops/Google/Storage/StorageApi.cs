using System.Net.Http.Headers;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.Storage;

/// <summary>Cloud Storage JSON API (<c>storage.googleapis.com/storage/v1</c>, uploads under
/// <c>/upload/storage/v1</c>). Object names are simple expansions: <c>/</c> is sent as <c>%2F</c>.
/// Retry choices follow the Cloud Storage client libraries' "conditionally idempotent" rule: an insert or
/// delete is retried as an idempotent write only when it carries a generation/metageneration precondition
/// (a repeat of an applied write then fails with 412 instead of writing twice); without one it is a
/// <see cref="RetryPolicy.NonIdempotentWrite"/>. Bucket insert names its bucket (a repeat answers 409).</summary>
public sealed class StorageApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.Storage, "storage/v1")
{
    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    public Task<Bucket> GetBucketAsync(string bucket, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"storage/v1/b/{GooglePath.Segment(bucket)}", RetryPolicy.Read, Types.Bucket, bucket, cancellationToken);

    public Task<Bucket> InsertBucketAsync(string project, Bucket bucket, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "storage/v1/b", RetryPolicy.IdempotentWrite, Types.Bucket, bucket.Name, cancellationToken,
            new QueryBuilder().Add("project", project), Json(bucket, Types.Bucket));

    /// <summary>Simple (media) upload of bytes.</summary>
    public Task<StorageObject> InsertObjectAsync(string bucket, string name, ReadOnlyMemory<byte> data, string contentType = "application/octet-stream", StoragePreconditions? preconditions = null, CancellationToken cancellationToken = default) =>
        Upload(bucket, name, "media", GoogleRequest.Bytes(data, contentType), preconditions, cancellationToken);

    /// <summary>Simple (media) upload streamed from a file, reopened on each attempt.</summary>
    public Task<StorageObject> InsertObjectFromFileAsync(string bucket, string name, string path, string contentType = "application/octet-stream", StoragePreconditions? preconditions = null, CancellationToken cancellationToken = default) =>
        Upload(bucket, name, "media", () =>
        {
            var content = new StreamContent(File.OpenRead(path));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return content;
        }, preconditions, cancellationToken);

    /// <summary>Multipart upload: object metadata (custom <c>metadata</c>, content type) and data in one request.</summary>
    public Task<StorageObject> InsertObjectMultipartAsync(string bucket, StorageObject metadata, ReadOnlyMemory<byte> data, StoragePreconditions? preconditions = null, CancellationToken cancellationToken = default)
    {
        var name = metadata.Name ?? throw new ArgumentException("The object metadata has no name.", nameof(metadata));
        var json = GoogleRequest.Json(metadata with { Bucket = null }, Types.StorageObject);
        var media = GoogleRequest.Bytes(data, metadata.ContentType ?? "application/octet-stream");
        return Upload(bucket, name, "multipart", () => new MultipartContent("related") { json(), media() }, preconditions, cancellationToken, sendName: false);
    }

    public Task<StorageObject> GetObjectAsync(string bucket, string name, long? generation = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ObjectPath(bucket, name), RetryPolicy.Read, Types.StorageObject, $"{bucket}/{name}", cancellationToken,
            new QueryBuilder().Add("generation", generation));

    /// <summary>Opens the object's data for reading (<c>?alt=media</c>). Retries cover getting the
    /// response headers; a connection lost mid-body surfaces as an IOException from the stream.</summary>
    public async Task<StorageDownload> OpenReadAsync(string bucket, string name, long? generation = null, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Get, ObjectPath(bucket, name), RetryPolicy.Read, $"{bucket}/{name}", new QueryBuilder().Add("alt", "media").Add("generation", generation))
            with { BufferResponse = false };
        var response = await Client.SendForResponseAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return new StorageDownload(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Copies the object's data into <paramref name="destination"/>; returns the bytes copied.</summary>
    public async Task<long> DownloadToAsync(string bucket, string name, Stream destination, long? generation = null, CancellationToken cancellationToken = default)
    {
        await using var download = await OpenReadAsync(bucket, name, generation, cancellationToken).ConfigureAwait(false);
        var before = destination.CanSeek ? destination.Position : 0;
        await download.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        return destination.CanSeek ? destination.Position - before : download.Length ?? -1;
    }

    public IAsyncEnumerable<StorageObject> ListObjectsAsync(string bucket, string? prefix = null, string? delimiter = null, bool versions = false, string? matchGlob = null, int? maxResults = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => ListObjectsPageAsync(bucket, prefix, delimiter, versions, matchGlob, maxResults, token, ct),
            page => page.Items,
            page => page.NextPageToken,
            cancellationToken);

    /// <summary>One page, including <c>prefixes[]</c> when a delimiter is given.</summary>
    public Task<ListObjectsResponse> ListObjectsPageAsync(string bucket, string? prefix, string? delimiter, bool versions, string? matchGlob, int? maxResults, string? pageToken, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"storage/v1/b/{GooglePath.Segment(bucket)}/o", RetryPolicy.Read, Types.ListObjectsResponse, bucket, cancellationToken,
            new QueryBuilder().Add("prefix", prefix).Add("delimiter", delimiter).Add("versions", versions).Add("matchGlob", matchGlob).Add("maxResults", maxResults).Add("pageToken", pageToken));

    public Task DeleteObjectAsync(string bucket, string name, StoragePreconditions? preconditions = null, long? generation = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, ObjectPath(bucket, name), WriteRetry(preconditions), EmptyType, $"{bucket}/{name}", cancellationToken,
            AddPreconditions(new QueryBuilder().Add("generation", generation), preconditions));

    private Task<StorageObject> Upload(string bucket, string name, string uploadType, Func<HttpContent> content, StoragePreconditions? preconditions, CancellationToken cancellationToken, bool sendName = true)
    {
        var query = new QueryBuilder().Add("uploadType", uploadType).Add("name", sendName ? name : null);
        return SendAsync(HttpMethod.Post, $"upload/storage/v1/b/{GooglePath.Segment(bucket)}/o", WriteRetry(preconditions), Types.StorageObject, $"{bucket}/{name}", cancellationToken,
            AddPreconditions(query, preconditions), content);
    }

    private static string ObjectPath(string bucket, string name) => $"storage/v1/b/{GooglePath.Segment(bucket)}/o/{GooglePath.Segment(name)}";

    private static RetryPolicy WriteRetry(StoragePreconditions? preconditions) =>
        preconditions?.MakesWriteIdempotent == true ? RetryPolicy.IdempotentWrite : RetryPolicy.NonIdempotentWrite;

    private static QueryBuilder AddPreconditions(QueryBuilder query, StoragePreconditions? preconditions) => preconditions is null
        ? query
        : query.Add("ifGenerationMatch", preconditions.IfGenerationMatch)
            .Add("ifGenerationNotMatch", preconditions.IfGenerationNotMatch)
            .Add("ifMetagenerationMatch", preconditions.IfMetagenerationMatch)
            .Add("ifMetagenerationNotMatch", preconditions.IfMetagenerationNotMatch);
}
