using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Storage;

/// <summary>Cloud Storage JSON API over HTTP, requests written from storage-v1.json.</summary>
[Collection(DataApiCollection.Name)]
public class StorageApiTests(DataApiEmulator emulator)
{
    private const string Bucket = DataApiEmulator.Project + ".appspot.com";
    private HttpClient Http => emulator.Http;

    [Fact]
    public async Task SeededBucketsAreListedAndGettable()
    {
        var (status, list) = await emulator.SendAsync(HttpMethod.Get, $"storage/v1/b?project={DataApiEmulator.Project}");
        Assert.Equal(200, status);
        Assert.Equal("storage#buckets", (string?)list["kind"]);
        var names = list["items"]!.AsArray().Select(b => (string)b!["name"]!).ToList();
        Assert.Contains(Bucket, names);
        Assert.Contains(DataApiEmulator.Project + "-backups", names);
        var (getStatus, bucket) = await emulator.SendAsync(HttpMethod.Get, $"storage/storage/v1/b/{Bucket}");
        Assert.Equal(200, getStatus);
        Assert.Equal("storage#bucket", (string?)bucket["kind"]);
        Assert.IsType<string>(bucket["metageneration"]!.GetValue<object>().ToString());
    }

    [Fact]
    public async Task InsertBucketThenConflict()
    {
        var body = new JsonObject { ["name"] = "emu-data-new-bucket", ["location"] = "us-central1" };
        var (status, created) = await emulator.SendAsync(HttpMethod.Post, $"storage/v1/b?project={DataApiEmulator.Project}", body);
        Assert.Equal(200, status);
        Assert.Equal("US-CENTRAL1", (string?)created["location"]);
        var (again, error) = await emulator.SendAsync(HttpMethod.Post, $"storage/v1/b?project={DataApiEmulator.Project}", body);
        Assert.Equal(409, again);
        Assert.Equal("conflict", (string?)error["error"]!["errors"]![0]!["reason"]);
    }

    [Fact]
    public async Task MediaUploadReportsChecksumsAndDownloadsOnBothPaths()
    {
        var name = "emu-data/media/hello world.txt";
        var content = new ByteArrayContent("hello world"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var upload = await Http.PostAsync($"upload/storage/v1/b/{Bucket}/o?uploadType=media&name={Uri.EscapeDataString(name)}", content);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var stored = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        Assert.Equal("yZRlqg==", (string?)stored["crc32c"]);
        Assert.Equal(Convert.ToBase64String(MD5.HashData("hello world"u8)), (string?)stored["md5Hash"]);
        Assert.Equal("11", (string?)stored["size"]);
        Assert.True(long.Parse((string)stored["generation"]!) > 0);

        var escaped = Uri.EscapeDataString(name);
        Assert.Contains("%2F", escaped, StringComparison.Ordinal);
        Assert.Equal("hello world", await Http.GetStringAsync($"storage/v1/b/{Bucket}/o/{escaped}?alt=media"));
        Assert.Equal("hello world", await Http.GetStringAsync($"download/storage/v1/b/{Bucket}/o/{escaped}?alt=media"));
        var (metaStatus, metadata) = await emulator.SendAsync(HttpMethod.Get, $"storage/v1/b/{Bucket}/o/{escaped}");
        Assert.Equal(200, metaStatus);
        Assert.Equal(name, (string?)metadata["name"]);
        Assert.Equal("text/plain", (string?)metadata["contentType"]);
    }

    [Fact]
    public async Task MultipartUploadKeepsMetadataAndContentType()
    {
        using var multipart = new MultipartContent("related", "emu-data-boundary");
        multipart.Add(new StringContent("""{"name":"emu-data/multi.json","contentType":"application/json","metadata":{"backupId":"b-1"}}""",
            Encoding.UTF8, "application/json"));
        multipart.Add(new StringContent("""{"ok":true}""", Encoding.UTF8, "application/json"));
        using var response = await Http.PostAsync($"upload/storage/v1/b/{Bucket}/o?uploadType=multipart", multipart);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("b-1", (string?)stored["metadata"]!["backupId"]);
        Assert.Equal("application/json", (string?)stored["contentType"]);
        Assert.Equal("""{"ok":true}""", await Http.GetStringAsync($"storage/v1/b/{Bucket}/o/emu-data%2Fmulti.json?alt=media"));
    }

    [Fact]
    public async Task ResumableUploadInTwoChunks()
    {
        var payload = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 253)).ToArray();
        using var start = new HttpRequestMessage(HttpMethod.Post, $"upload/storage/v1/b/{Bucket}/o?uploadType=resumable")
        {
            Content = new StringContent("""{"name":"emu-data/resumable.bin","contentType":"application/octet-stream"}""", Encoding.UTF8, "application/json"),
        };
        using var started = await Http.SendAsync(start);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var session = started.Headers.Location!;

        using var first = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent(payload[..262_144]) };
        first.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, 262_143);
        using var partial = await Http.SendAsync(first);
        Assert.Equal(308, (int)partial.StatusCode);

        using var last = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent(payload[262_144..]) };
        last.Content.Headers.ContentRange = new ContentRangeHeaderValue(262_144, payload.Length - 1, payload.Length);
        using var done = await Http.SendAsync(last);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(payload, await Http.GetByteArrayAsync($"storage/v1/b/{Bucket}/o/emu-data%2Fresumable.bin?alt=media"));
    }

    [Fact]
    public async Task GenerationPreconditionsAnswer412InStoragesErrorShape()
    {
        var url = $"upload/storage/v1/b/{Bucket}/o?uploadType=media&name=emu-data%2Fonce.txt&ifGenerationMatch=0";
        using var first = await Http.PostAsync(url, new StringContent("one"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var generation = (string)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["generation"]!;
        using var second = await Http.PostAsync(url, new StringContent("two"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        var error = JsonNode.Parse(await second.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(412, (int)error["code"]!);
        Assert.Equal("conditionNotMet", (string?)error["errors"]![0]!["reason"]);

        var (mismatch, _) = await emulator.SendAsync(HttpMethod.Delete, $"storage/v1/b/{Bucket}/o/emu-data%2Fonce.txt?ifGenerationMatch=1");
        Assert.Equal(412, mismatch);
        using var notModified = await Http.GetAsync($"storage/v1/b/{Bucket}/o/emu-data%2Fonce.txt?ifGenerationNotMatch={generation}");
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        var (deleted, _) = await emulator.SendAsync(HttpMethod.Delete, $"storage/v1/b/{Bucket}/o/emu-data%2Fonce.txt?ifGenerationMatch={generation}");
        Assert.Equal(204, deleted);
    }

    [Fact]
    public async Task MissingObjectAndBucketAnswer404InStoragesErrorShape()
    {
        var (status, body) = await emulator.SendAsync(HttpMethod.Get, $"storage/v1/b/{Bucket}/o/emu-data%2Fnope");
        Assert.Equal(404, status);
        Assert.Equal($"No such object: {Bucket}/emu-data/nope", (string?)body["error"]!["message"]);
        Assert.Equal("notFound", (string?)body["error"]!["errors"]![0]!["reason"]);
        Assert.Null(body["error"]!["status"]);
        var (bucketStatus, _) = await emulator.SendAsync(HttpMethod.Get, "storage/v1/b/no-such-bucket-emu/o");
        Assert.Equal(404, bucketStatus);
    }

    [Fact]
    public async Task ListWithPrefixDelimiterAndPaging()
    {
        foreach (var name in new[] { "emu-data/list/a/1", "emu-data/list/a/2", "emu-data/list/b", "emu-data/list/c/x" })
        {
            using var r = await Http.PostAsync($"upload/storage/v1/b/{Bucket}/o?uploadType=media&name={Uri.EscapeDataString(name)}", new StringContent(name));
            r.EnsureSuccessStatusCode();
        }
        var entries = new List<string>();
        string? token = null;
        do
        {
            var url = $"storage/v1/b/{Bucket}/o?prefix=emu-data/list/&delimiter=/&maxResults=2" + (token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token));
            var (status, page) = await emulator.SendAsync(HttpMethod.Get, url);
            Assert.Equal(200, status);
            entries.AddRange((page["prefixes"] as JsonArray ?? []).Select(p => (string)p!));
            entries.AddRange((page["items"] as JsonArray ?? []).Select(i => (string)i!["name"]!));
            token = (string?)page["nextPageToken"];
        }
        while (token is not null);
        Assert.Equal(["emu-data/list/a/", "emu-data/list/b", "emu-data/list/c/"], entries.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ViewerCannotUpload()
    {
        using var viewer = new HttpClient { BaseAddress = emulator.Emulator.BaseAddress };
        var token = await ServiceAccountToken.GetAsync(emulator.Emulator.ReadOnlyKeyFilePath, viewer);
        viewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var read = await viewer.GetAsync($"storage/v1/b/{Bucket}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var write = await viewer.PostAsync($"upload/storage/v1/b/{Bucket}/o?uploadType=media&name=emu-data%2Fviewer", new StringContent("x"));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }
}
