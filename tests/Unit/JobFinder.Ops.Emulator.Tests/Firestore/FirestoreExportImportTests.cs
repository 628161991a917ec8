using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Firestore;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Storage;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Firestore;

public class FirestoreExportImportTests
{
    private readonly StorageStore _storage = new(new MemoryBlobStore(), TimeProvider.System);
    private readonly FirestoreStore _firestore = new(["p1"], TimeProvider.System);

    public FirestoreExportImportTests()
    {
        _storage.SeedProject("p1");
        _firestore.Reset();
    }

    [Fact]
    public void SeedDataIsDeterministicAndComplete()
    {
        var database = _firestore.GetDatabase("p1", FirestoreStore.DefaultDatabase);
        Assert.Equal(FirestoreSeedData.TotalDocuments, database.DocumentCount);
        Assert.Equal(FirestoreSeedData.JobCount, database.Query("", "jobs", allDescendants: false).Count);
        Assert.Equal(FirestoreSeedData.UserCount * FirestoreSeedData.ApplicationsPerUser, database.Query("", "applications", allDescendants: true).Count);
        Assert.Contains("generatedDocuments", database.CollectionIds(""));
        Assert.Equal(["applications"], database.CollectionIds("users/user-001"));
        var other = new FirestoreStore(["p1"], TimeProvider.System);
        other.Reset();
        Assert.Equal(database.Get("jobs/job-00042").FieldsJson, other.GetDatabase("p1", "(default)").Get("jobs/job-00042").FieldsJson);
    }

    [Fact]
    public void ExportThenImportIntoScratchDatabaseKeepsEveryDocument()
    {
        _firestore.SeedDocuments("p1", "(default)", "bulk", 25_000);
        var source = _firestore.GetDatabase("p1", "(default)");
        var reports = new List<TransferProgress>();
        var exported = new FirestoreExporter(_storage).Export(source, "p1-backups", "backups/b1", [], DateTimeOffset.UtcNow, reports.Add, default);
        Assert.Equal(source.DocumentCount, exported.Documents);
        Assert.True(reports.Count > 2);
        Assert.NotNull(_storage.GetObject("p1-backups", "backups/b1/b1.overall_export_metadata"));
        Assert.NotNull(_storage.GetObject("p1-backups", "backups/b1/all_namespaces/kind_bulk/output-2"));

        var scratch = _firestore.CreateDatabase("p1", "restore-check", []);
        var imported = new FirestoreImporter(_storage).Import(scratch, "p1-backups", "backups/b1", [], _ => { }, default);
        Assert.Equal(exported, imported);
        Assert.Equal(source.DocumentCount, scratch.DocumentCount);
        foreach (var collection in source.CollectionIds(""))
        {
            Assert.Equal(source.Query("", collection, false).Count, scratch.Query("", collection, false).Count);
        }
        Assert.Equal(source.Get("users/user-002/applications/app-01").FieldsJson, scratch.Get("users/user-002/applications/app-01").FieldsJson);
    }

    [Fact]
    public void CollectionFilterExportsOnlyThoseCollectionGroups()
    {
        var source = _firestore.GetDatabase("p1", "(default)");
        var result = new FirestoreExporter(_storage).Export(source, "p1-backups", "partial", ["jobs", "applications"], DateTimeOffset.UtcNow, _ => { }, default);
        Assert.Equal(FirestoreSeedData.JobCount + FirestoreSeedData.UserCount * FirestoreSeedData.ApplicationsPerUser, result.Documents);
        var scratch = _firestore.CreateDatabase("p1", "partial-restore", []);
        new FirestoreImporter(_storage).Import(scratch, "p1-backups", "partial", ["applications"], _ => { }, default);
        Assert.Equal(["users"], scratch.CollectionIds(""));
    }

    [Fact]
    public void MissingBucketOrExportFailsWithNotFound()
    {
        var source = _firestore.GetDatabase("p1", "(default)");
        Assert.Equal(RpcCode.NotFound, Assert.Throws<GoogleApiException>(() =>
            new FirestoreExporter(_storage).Export(source, "no-such-bucket", "x", [], DateTimeOffset.UtcNow, _ => { }, default)).Code);
        Assert.Equal(RpcCode.NotFound, Assert.Throws<GoogleApiException>(() =>
            new FirestoreImporter(_storage).Import(source, "p1-backups", "never-exported", [], _ => { }, default)).Code);
    }

    [Fact]
    public void StateSurvivesSaveAndLoad()
    {
        var database = _firestore.GetDatabase("p1", "(default)");
        database.Put("jobs/new-one", _ => new JsonObject { ["title"] = FirestoreValues.String("x") }, DateTimeOffset.UtcNow);
        var state = _firestore.Save();
        var reloaded = new FirestoreStore(["p1"], TimeProvider.System);
        reloaded.Load(JsonNode.Parse(state.ToJsonString())!);
        var copy = reloaded.GetDatabase("p1", "(default)");
        Assert.Equal(database.DocumentCount, copy.DocumentCount);
        Assert.Equal(database.Indexes.Count, copy.Indexes.Count);
        Assert.Equal("x", FirestoreValues.ToPlain(copy.Get("jobs/new-one").Fields()["title"])!.GetValue<string>());
    }
}

public sealed class FirestoreDocumentFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "emu-data-docs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void DocumentsPersistAsFilesRewrittenOnlyWhenChanged()
    {
        var store = new FirestoreStore(["p1"], TimeProvider.System, _directory);
        store.Reset();
        store.SeedDocuments("p1", "bigdb", "bulk", 3000);
        var state = store.Save();
        var bigFile = Path.Combine(_directory, "p1~bigdb.ndjson");
        var firstWrite = File.GetLastWriteTimeUtc(bigFile);
        Assert.Contains(state["databases"]!.AsArray(), d => (string?)d!["documentsFile"] == "p1~bigdb.ndjson");

        store.GetDatabase("p1", "(default)").Put("jobs/changed", _ => [], DateTimeOffset.UtcNow);
        File.SetLastWriteTimeUtc(bigFile, firstWrite.AddMinutes(-5));
        store.Save();
        Assert.Equal(firstWrite.AddMinutes(-5), File.GetLastWriteTimeUtc(bigFile));

        store.DeleteDatabase("p1", "bigdb", null);
        state = store.Save();
        Assert.False(File.Exists(bigFile));

        var reloaded = new FirestoreStore(["p1"], TimeProvider.System, _directory);
        reloaded.Load(JsonNode.Parse(state.ToJsonString())!);
        Assert.Equal(FirestoreSeedData.TotalDocuments + 1, reloaded.GetDatabase("p1", "(default)").DocumentCount);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
