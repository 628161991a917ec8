using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace JobFinder.Ops.Emulator.Storage;

/// <summary>Cloud Storage JSON API v1: buckets get/insert/list; objects insert (media, multipart,
/// resumable), get (metadata, or data with <c>alt=media</c> and on the download path), list, delete.
/// Object names are taken from the raw request target so <c>%2F</c> survives routing exactly.</summary>
internal sealed class StorageApi(StorageStore store, ResumableUploads uploads, EmulatorContext context) : IEmulatorApi
{
    public string Label => "storage";

    public ErrorStyle ErrorStyle => ErrorStyle.Legacy;

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("storage/v1/b", (HttpContext c) => ListBuckets(c));
        routes.MapPost("storage/v1/b", (Delegate)InsertBucketAsync);
        routes.MapGet("storage/v1/b/{bucket}", (HttpContext c) => GetBucket(c));
        routes.MapGet("storage/v1/b/{bucket}/o", (HttpContext c) => ListObjects(c));
        routes.MapGet("storage/v1/b/{bucket}/o/{**objectName}", (HttpContext c) => GetObject(c, mediaOnly: false));
        routes.MapGet("download/storage/v1/b/{bucket}/o/{**objectName}", (HttpContext c) => GetObject(c, mediaOnly: true));
        routes.MapDelete("storage/v1/b/{bucket}/o/{**objectName}", (HttpContext c) => DeleteObject(c));
        routes.MapPost("upload/storage/v1/b/{bucket}/o", (Delegate)UploadAsync);
        routes.MapPut("upload/storage/v1/b/{bucket}/o", (Delegate)ResumeAsync);
    }

    private IResult ListBuckets(HttpContext http)
    {
        var project = RequiredQuery(http, "project");
        http.GetPrincipal().RequireRead(project);
        var all = store.ListBuckets(project, NullIfEmpty(http.Request.Query["prefix"]));
        var (items, next) = Paging.Page(all, http.Request, defaultPageSize: 1000);
        var body = new JsonObject { ["kind"] = "storage#buckets", ["items"] = new JsonArray([.. items.Select(b => StorageResources.Bucket(b, context.Origin))]) };
        if (next is not null)
        {
            body["nextPageToken"] = next;
        }
        return GoogleJson.Result(body);
    }

    private async Task<IResult> InsertBucketAsync(HttpContext http)
    {
        var project = RequiredQuery(http, "project");
        http.GetPrincipal().RequireWrite(project);
        var body = await http.Request.ReadJsonObjectAsync();
        var name = (string?)body["name"] ?? throw StorageErrors.Invalid("Required field 'name' is missing.");
        body.Remove("name");
        var bucket = store.InsertBucket(name, project, body);
        return GoogleJson.Result(StorageResources.Bucket(bucket, context.Origin));
    }

    private IResult GetBucket(HttpContext http)
    {
        var bucket = ReadableBucket(http);
        return GoogleJson.Result(StorageResources.Bucket(bucket, context.Origin));
    }

    private IResult ListObjects(HttpContext http)
    {
        var bucket = ReadableBucket(http);
        var query = http.Request.Query;
        int? maxResults = query["maxResults"].Count > 0 ? ParseInt(query["maxResults"].ToString(), "maxResults") : null;
        var listing = store.ListObjects(bucket.Name, NullIfEmpty(query["prefix"]), NullIfEmpty(query["delimiter"]), maxResults, NullIfEmpty(query["pageToken"]));
        var body = new JsonObject { ["kind"] = "storage#objects" };
        if (listing.Prefixes.Count > 0)
        {
            body["prefixes"] = new JsonArray([.. listing.Prefixes.Select(p => (JsonNode)p)]);
        }
        if (listing.Items.Count > 0)
        {
            body["items"] = new JsonArray([.. listing.Items.Select(o => StorageResources.Object(o, context.Origin))]);
        }
        if (listing.NextPageToken is not null)
        {
            body["nextPageToken"] = listing.NextPageToken;
        }
        return GoogleJson.Result(body);
    }

    private IResult GetObject(HttpContext http, bool mediaOnly)
    {
        var bucket = ReadableBucket(http);
        var preconditions = ReadPreconditions(http);
        var stored = store.GetObject(bucket.Name, ObjectName(http), preconditions);
        if (preconditions.IfGenerationNotMatch is { } notMatch && notMatch == stored.Generation)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        if (http.Request.Query["generation"].ToString() is { Length: > 0 } generation && ParseLong(generation, "generation") != stored.Generation)
        {
            throw StorageErrors.NoSuchObject(bucket.Name, stored.Name);
        }
        if (!mediaOnly && http.Request.Query["alt"].ToString() != "media")
        {
            return GoogleJson.Result(StorageResources.Object(stored, context.Origin));
        }
        var headers = http.Response.Headers;
        headers["x-goog-generation"] = GoogleJson.Int64(stored.Generation);
        headers["x-goog-metageneration"] = GoogleJson.Int64(stored.Metageneration);
        headers["x-goog-hash"] = $"crc32c={stored.Blob.Crc32cBase64},md5={stored.Blob.Md5Base64}";
        headers["x-goog-stored-content-length"] = GoogleJson.Int64(stored.Blob.Size);
        http.Response.ContentLength = stored.Blob.Size;
        return Results.Stream(store.OpenRead(stored), stored.ContentType);
    }

    private IResult DeleteObject(HttpContext http)
    {
        var bucket = WritableBucket(http);
        store.DeleteObject(bucket.Name, ObjectName(http), ReadPreconditions(http));
        return Results.NoContent();
    }

    private async Task<IResult> UploadAsync(HttpContext http)
    {
        var bucket = WritableBucket(http);
        var uploadType = http.Request.Query["uploadType"].ToString();
        var preconditions = ReadPreconditions(http);
        switch (uploadType)
        {
            case "media":
            {
                var name = RequiredQuery(http, "name");
                using var writer = store.BeginUpload(bucket.Name, name);
                await http.Request.Body.CopyToAsync(writer, http.RequestAborted);
                var stored = store.CommitUpload(bucket.Name, name, writer, http.Request.ContentType, null, preconditions);
                return GoogleJson.Result(StorageResources.Object(stored, context.Origin));
            }
            case "multipart":
                return await MultipartAsync(http, bucket.Name, preconditions);
            case "resumable":
            {
                var metadata = await http.Request.ReadJsonObjectAsync();
                var name = (string?)metadata["name"] ?? RequiredQuery(http, "name");
                var session = uploads.Start(bucket.Name, name,
                    (string?)metadata["contentType"] ?? http.Request.Headers["X-Upload-Content-Type"].ToString(),
                    ReadMetadata(metadata), preconditions, store.BeginUpload(bucket.Name, name));
                var prefix = http.Request.PathBase.Value + http.Request.Path.Value;
                http.Response.Headers.Location =
                    $"{context.Origin}{prefix}?uploadType=resumable&name={Uri.EscapeDataString(name)}&upload_id={session.Id}";
                return Results.Ok();
            }
            default:
                throw StorageErrors.Invalid($"Invalid upload type '{uploadType}': expected media, multipart or resumable.");
        }
    }

    /// <summary>multipart/related: a JSON metadata part, then the media part streamed into the blob store.</summary>
    private async Task<IResult> MultipartAsync(HttpContext http, string bucket, ObjectPreconditions preconditions)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType) ||
            HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw StorageErrors.Invalid("Multipart upload needs a Content-Type of multipart/related with a boundary.");
        }
        var reader = new MultipartReader(boundary, http.Request.Body);
        var metadataSection = await reader.ReadNextSectionAsync(http.RequestAborted)
            ?? throw StorageErrors.Invalid("Multipart upload is missing its metadata part.");
        JsonObject metadata;
        try
        {
            metadata = JsonNode.Parse(await new StreamReader(metadataSection.Body).ReadToEndAsync(http.RequestAborted)) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw StorageErrors.Invalid("Invalid JSON in the metadata part: " + ex.Message);
        }
        var mediaSection = await reader.ReadNextSectionAsync(http.RequestAborted)
            ?? throw StorageErrors.Invalid("Multipart upload is missing its media part.");
        var name = (string?)metadata["name"] ?? RequiredQuery(http, "name");
        using var writer = store.BeginUpload(bucket, name);
        await mediaSection.Body.CopyToAsync(writer, http.RequestAborted);
        var contentType = (string?)metadata["contentType"] ?? mediaSection.ContentType;
        var stored = store.CommitUpload(bucket, name, writer, contentType, ReadMetadata(metadata), preconditions);
        return GoogleJson.Result(StorageResources.Object(stored, context.Origin));
    }

    /// <summary>PUT to a resumable session URI: appends the chunk; 308 with <c>Range</c> until the total
    /// size (from <c>Content-Range</c>) is reached, then commits and returns the object.</summary>
    private async Task<IResult> ResumeAsync(HttpContext http)
    {
        WritableBucket(http);
        var session = uploads.Find(RequiredQuery(http, "upload_id"))
            ?? throw new GoogleApiException(RpcCode.NotFound, "No such upload session.", legacyReason: "notFound");
        await session.Gate.WaitAsync(http.RequestAborted);
        try
        {
            var (start, total) = ParseContentRange(http.Request.Headers.ContentRange.ToString());
            if (start is { } offset && offset != session.Writer.Length)
            {
                throw StorageErrors.Invalid($"Chunk starts at {offset} but {session.Writer.Length} bytes were received.");
            }
            await http.Request.Body.CopyToAsync(session.Writer, http.RequestAborted);
            var complete = total is null ? http.Request.Headers.ContentRange.Count == 0 : session.Writer.Length >= total;
            if (!complete)
            {
                if (session.Writer.Length > 0)
                {
                    http.Response.Headers["Range"] = $"bytes=0-{session.Writer.Length - 1}";
                }
                return Results.StatusCode(308);
            }
            var stored = store.CommitUpload(session.Bucket, session.Name, session.Writer, session.ContentType, session.Metadata, session.Preconditions);
            uploads.End(session);
            return GoogleJson.Result(StorageResources.Object(stored, context.Origin));
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 412)
        {
            uploads.End(session);
            throw;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private StorageBucket ReadableBucket(HttpContext http)
    {
        var bucket = store.GetBucket(http.RouteString("bucket"));
        http.GetPrincipal().RequireRead(bucket.ProjectId);
        return bucket;
    }

    private StorageBucket WritableBucket(HttpContext http)
    {
        var bucket = store.GetBucket(http.RouteString("bucket"));
        http.GetPrincipal().RequireWrite(bucket.ProjectId);
        return bucket;
    }

    /// <summary>The object name exactly as sent: the raw target's segment after <c>/o/</c>, percent-decoded
    /// once (routing would leave <c>%2F</c> encoded but decode everything else).</summary>
    private static string ObjectName(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? string.Empty;
        var query = raw.IndexOf('?');
        var path = query >= 0 ? raw[..query] : raw;
        var marker = $"/b/{http.RouteString("bucket")}/o/";
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        var name = at >= 0 ? Uri.UnescapeDataString(path[(at + marker.Length)..]) : http.RouteString("objectName");
        return name.Length > 0 ? name : throw StorageErrors.Invalid("Object name is empty.");
    }

    private static ObjectPreconditions ReadPreconditions(HttpContext http)
    {
        long? Read(string name) => http.Request.Query[name].ToString() is { Length: > 0 } text ? ParseLong(text, name) : null;
        return new ObjectPreconditions(Read("ifGenerationMatch"), Read("ifGenerationNotMatch"), Read("ifMetagenerationMatch"), Read("ifMetagenerationNotMatch"));
    }

    private static Dictionary<string, string>? ReadMetadata(JsonObject resource) =>
        resource["metadata"] is JsonObject metadata
            ? metadata.ToDictionary(m => m.Key, m => m.Value?.ToString() ?? string.Empty, StringComparer.Ordinal)
            : null;

    /// <summary><c>bytes 0-99/1000</c>, <c>bytes 0-99/*</c> or <c>bytes */1000</c> → (start, total).</summary>
    private static (long? Start, long? Total) ParseContentRange(string header)
    {
        if (header.Length == 0)
        {
            return (null, null);
        }
        var parts = header.Replace("bytes", string.Empty, StringComparison.OrdinalIgnoreCase).Trim().Split('/');
        if (parts.Length != 2)
        {
            throw StorageErrors.Invalid($"Invalid Content-Range: {header}");
        }
        long? total = parts[1] == "*" ? null : ParseLong(parts[1], "Content-Range");
        long? start = parts[0] == "*" ? null : ParseLong(parts[0].Split('-')[0], "Content-Range");
        return (start, total);
    }

    private static string RequiredQuery(HttpContext http, string name) =>
        http.Request.Query[name].ToString() is { Length: > 0 } value ? value : throw new GoogleApiException(RpcCode.InvalidArgument, $"Required parameter: {name}", legacyReason: "required");

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || value.ToString().Length == 0 ? null : value.ToString();

    private static long ParseLong(string text, string name) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw StorageErrors.Invalid($"Invalid value for {name}: {text}");

    private static int ParseInt(string text, string name) => (int)Math.Clamp(ParseLong(text, name), 0, int.MaxValue);
}
