using System.Security.Cryptography;
using System.Text;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Storage;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Storage;

public class StorageStoreTests
{
    private static StorageStore NewStore(IBlobStore? blobs = null)
    {
        var store = new StorageStore(blobs ?? new MemoryBlobStore(), TimeProvider.System);
        store.SeedProject("p1");
        return store;
    }

    private static StorageObject Put(StorageStore store, string name, string content, ObjectPreconditions? p = null) =>
        store.InsertObject("p1.appspot.com", name, new MemoryStream(Encoding.UTF8.GetBytes(content)), "text/plain", null, p ?? ObjectPreconditions.None);

    [Fact]
    public void SeedsDefaultAndBackupBuckets()
    {
        var store = NewStore();
        Assert.Equal(["p1-backups", "p1.appspot.com"], store.ListBuckets("p1", null).Select(b => b.Name));
    }

    [Fact]
    public void InsertComputesGoogleChecksumsAndIncreasingGenerations()
    {
        var store = NewStore();
        var first = Put(store, "a.txt", "hello world");
        var second = Put(store, "a.txt", "hello again");
        Assert.Equal(Convert.ToBase64String(MD5.HashData("hello world"u8)), first.Blob.Md5Base64);
        Assert.Equal("yZRlqg==", first.Blob.Crc32cBase64);
        Assert.True(second.Generation > first.Generation);
        using var reader = new StreamReader(store.OpenRead(store.GetObject("p1.appspot.com", "a.txt")));
        Assert.Equal("hello again", reader.ReadToEnd());
    }

    [Fact]
    public void GenerationZeroPreconditionMeansOnlyIfAbsent()
    {
        var store = NewStore();
        Put(store, "once", "x", new ObjectPreconditions(IfGenerationMatch: 0));
        var error = Assert.Throws<GoogleApiException>(() => Put(store, "once", "y", new ObjectPreconditions(IfGenerationMatch: 0)));
        Assert.Equal(412, error.HttpStatus);
        Assert.Equal("conditionNotMet", error.LegacyReason);
    }

    [Fact]
    public void DeleteChecksGenerationAndReportsMissingObjects()
    {
        var store = NewStore();
        var stored = Put(store, "d", "x");
        Assert.Equal(412, Assert.Throws<GoogleApiException>(() =>
            store.DeleteObject("p1.appspot.com", "d", new ObjectPreconditions(IfGenerationMatch: stored.Generation + 1))).HttpStatus);
        store.DeleteObject("p1.appspot.com", "d", new ObjectPreconditions(IfGenerationMatch: stored.Generation));
        var missing = Assert.Throws<GoogleApiException>(() => store.GetObject("p1.appspot.com", "d"));
        Assert.Equal(404, missing.HttpStatus);
        Assert.Equal("No such object: p1.appspot.com/d", missing.Message);
    }

    [Fact]
    public void ListGroupsByDelimiterAndPagesAcrossItemsAndPrefixes()
    {
        var store = NewStore();
        foreach (var name in new[] { "a/1", "a/2", "b/1", "c", "d", "e/x/y" })
        {
            Put(store, name, name);
        }
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = store.ListObjects("p1.appspot.com", null, "/", 2, token);
            Assert.True(page.Items.Count + page.Prefixes.Count <= 2);
            seen.AddRange(page.Prefixes);
            seen.AddRange(page.Items.Select(i => i.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(["a/", "b/", "c", "d", "e/"], seen.Order(StringComparer.Ordinal));
        Assert.Equal(3, pages);
        var underA = store.ListObjects("p1.appspot.com", "a/", "/", null, null);
        Assert.Equal(["a/1", "a/2"], underA.Items.Select(i => i.Name));
        Assert.Empty(underA.Prefixes);
    }

    [Fact]
    public void DiskBlobsSurviveSaveAndLoad()
    {
        var directory = Path.Combine(Path.GetTempPath(), "emu-data-blobs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = NewStore(new DiskBlobStore(directory));
            Put(store, "kept", "persisted bytes");
            var state = store.Save();
            var reloaded = new StorageStore(new DiskBlobStore(directory), TimeProvider.System);
            reloaded.Load(state);
            using var reader = new StreamReader(reloaded.OpenRead(reloaded.GetObject("p1.appspot.com", "kept")));
            Assert.Equal("persisted bytes", reader.ReadToEnd());
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ChunkedBufferRoundTripsLargeContent()
    {
        var buffer = new ChunkedBuffer();
        var data = Enumerable.Range(0, 3_000_000).Select(i => (byte)(i % 251)).ToArray();
        foreach (var chunk in data.Chunk(10_000))
        {
            buffer.Append(chunk);
        }
        buffer.Trim();
        using var copy = new MemoryStream();
        buffer.OpenRead().CopyTo(copy);
        Assert.Equal(data, copy.ToArray());
    }
}
