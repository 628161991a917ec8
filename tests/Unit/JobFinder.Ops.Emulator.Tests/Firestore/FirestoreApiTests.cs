using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Firestore;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Firestore;

/// <summary>Firestore v1 over HTTP, requests written from firestore-v1.json.</summary>
[Collection(DataApiCollection.Name)]
public class FirestoreApiTests(DataApiEmulator emulator)
{
    private const string Database = $"v1/projects/{DataApiEmulator.Project}/databases/(default)";

    private Task<(int Status, JsonObject Body)> Send(HttpMethod method, string url, JsonNode? body = null) => emulator.SendAsync(method, url, body);

    private async Task<long> CountAsync(string databasePath, string collection)
    {
        var (status, body) = await Send(HttpMethod.Post, $"{databasePath}/documents:runAggregationQuery", new JsonObject
        {
            ["structuredAggregationQuery"] = new JsonObject
            {
                ["structuredQuery"] = new JsonObject { ["from"] = new JsonArray(new JsonObject { ["collectionId"] = collection }) },
                ["aggregations"] = new JsonArray(new JsonObject { ["alias"] = "n", ["count"] = new JsonObject() }),
            },
        });
        Assert.Equal(200, status);
        return long.Parse((string)body["array"]![0]!["result"]!["aggregateFields"]!["n"]!["integerValue"]!);
    }

    [Fact]
    public async Task SeededDocumentsAreReadableAndCountable()
    {
        var (status, job) = await Send(HttpMethod.Get, $"{Database}/documents/jobs/job-00007");
        Assert.Equal(200, status);
        Assert.Equal($"projects/{DataApiEmulator.Project}/databases/(default)/documents/jobs/job-00007", (string?)job["name"]);
        Assert.NotNull(job["fields"]!["companyName"]!["stringValue"]);
        Assert.IsType<string>((string?)job["fields"]!["salaryMin"]!["integerValue"]);
        Assert.Equal(FirestoreSeedData.JobCount, await CountAsync(Database, "jobs"));
        var (escaped, _) = await Send(HttpMethod.Get, $"v1/projects/{DataApiEmulator.Project}/databases/%28default%29/documents/config/stopList");
        Assert.Equal(200, escaped);
    }

    [Fact]
    public async Task PatchWithMaskCreatesUpdatesAndDeleteRemoves()
    {
        var doc = $"{Database}/documents/emuDataNotes/n1";
        var (created, _) = await Send(HttpMethod.Patch, doc, new JsonObject { ["fields"] = new JsonObject { ["a"] = FirestoreValues.String("x"), ["b"] = FirestoreValues.Integer(1) } });
        Assert.Equal(200, created);
        var (patched, body) = await Send(HttpMethod.Patch, doc + "?updateMask.fieldPaths=b&updateMask.fieldPaths=c.d",
            new JsonObject { ["fields"] = new JsonObject { ["c"] = FirestoreValues.Map(new JsonObject { ["d"] = FirestoreValues.Boolean(true) }) } });
        Assert.Equal(200, patched);
        Assert.Equal("x", (string?)body["fields"]!["a"]!["stringValue"]);
        Assert.Null(body["fields"]!["b"]);
        Assert.True((bool)body["fields"]!["c"]!["mapValue"]!["fields"]!["d"]!["booleanValue"]!);
        var (mustNotExist, conflict) = await Send(HttpMethod.Patch, doc + "?currentDocument.exists=false", new JsonObject { ["fields"] = new JsonObject() });
        Assert.Equal(409, mustNotExist);
        Assert.Equal("ALREADY_EXISTS", (string?)conflict["error"]!["status"]);
        Assert.Equal(200, (await Send(HttpMethod.Delete, doc)).Status);
        var (missing, notFound) = await Send(HttpMethod.Get, doc);
        Assert.Equal(404, missing);
        Assert.Equal("NOT_FOUND", (string?)notFound["error"]!["status"]);
    }

    [Fact]
    public async Task ListCollectionIdsAtRootAndUnderADocument()
    {
        var (status, root) = await Send(HttpMethod.Post, $"{Database}/documents:listCollectionIds", new JsonObject { ["pageSize"] = 100 });
        Assert.Equal(200, status);
        var ids = root["collectionIds"]!.AsArray().Select(i => (string)i!).ToList();
        Assert.Contains("jobs", ids);
        Assert.Contains("contentItems", ids);
        var (_, sub) = await Send(HttpMethod.Post, $"{Database}/documents/users/user-001:listCollectionIds", new JsonObject());
        Assert.Equal(["applications"], sub["collectionIds"]!.AsArray().Select(i => (string)i!));
    }

    [Fact]
    public async Task DatabasesCreateGetListDelete()
    {
        var (status, operation) = await Send(HttpMethod.Post, $"v1/projects/{DataApiEmulator.Project}/databases?databaseId=emu-data-scratch",
            new JsonObject { ["locationId"] = "nam5", ["type"] = "FIRESTORE_NATIVE" });
        Assert.Equal(200, status);
        Assert.Null(operation["done"]);
        var done = await emulator.WaitAsync("v1", operation);
        Assert.Equal("type.googleapis.com/google.firestore.admin.v1.Database", (string?)done["response"]!["@type"]);
        var (_, list) = await Send(HttpMethod.Get, $"v1/projects/{DataApiEmulator.Project}/databases");
        Assert.Contains(list["databases"]!.AsArray(), d => ((string)d!["name"]!).EndsWith("/emu-data-scratch", StringComparison.Ordinal));
        var (duplicate, _) = await Send(HttpMethod.Post, $"v1/projects/{DataApiEmulator.Project}/databases?databaseId=emu-data-scratch", new JsonObject());
        Assert.Equal(409, duplicate);
        var (invalid, error) = await Send(HttpMethod.Post, $"v1/projects/{DataApiEmulator.Project}/databases?databaseId=Bad_Id", new JsonObject());
        Assert.Equal(400, invalid);
        Assert.Equal("database_id", (string?)error["error"]!["details"]![0]!["fieldViolations"]![0]!["field"]);
        var (deleted, deleteOperation) = await Send(HttpMethod.Delete, $"v1/projects/{DataApiEmulator.Project}/databases/emu-data-scratch");
        Assert.Equal(200, deleted);
        await emulator.WaitAsync("v1", deleteOperation);
        Assert.Equal(404, (await Send(HttpMethod.Get, $"v1/projects/{DataApiEmulator.Project}/databases/emu-data-scratch")).Status);
    }

    [Fact]
    public async Task ExportThenImportIntoScratchDatabaseRestoresEqualCounts()
    {
        var backups = $"gs://{DataApiEmulator.Project}-backups/emu-data-export";
        var (status, operation) = await Send(HttpMethod.Post, $"{Database}:exportDocuments", new JsonObject { ["outputUriPrefix"] = backups });
        Assert.Equal(200, status);
        Assert.Equal(FirestoreTypes.ExportMetadata, (string?)operation["metadata"]!["@type"]);
        Assert.Equal(backups, (string?)operation["metadata"]!["outputUriPrefix"]);
        var exported = await emulator.WaitAsync("v1", operation);
        Assert.Null(exported["error"]);
        Assert.Equal("SUCCESSFUL", (string?)exported["metadata"]!["operationState"]);
        var documents = long.Parse((string)exported["metadata"]!["progressDocuments"]!["completedWork"]!);
        Assert.True(documents >= FirestoreSeedData.TotalDocuments);
        Assert.Equal(backups, (string?)exported["response"]!["outputUriPrefix"]);
        var (metadataStatus, _) = await Send(HttpMethod.Get, $"storage/v1/b/{DataApiEmulator.Project}-backups/o/emu-data-export%2Femu-data-export.overall_export_metadata");
        Assert.Equal(200, metadataStatus);

        var create = await Send(HttpMethod.Post, $"v1/projects/{DataApiEmulator.Project}/databases?databaseId=emu-data-restore", new JsonObject());
        await emulator.WaitAsync("v1", create.Body);
        var scratch = $"v1/projects/{DataApiEmulator.Project}/databases/emu-data-restore";
        var (importStatus, import) = await Send(HttpMethod.Post, $"{scratch}:importDocuments", new JsonObject { ["inputUriPrefix"] = backups });
        Assert.Equal(200, importStatus);
        var imported = await emulator.WaitAsync("v1", import);
        Assert.Null(imported["error"]);
        Assert.Equal(FirestoreTypes.ImportMetadata, (string?)imported["metadata"]!["@type"]);
        foreach (var collection in new[] { "jobs", "companies", "contentItems", "stopList", "users", "generatedDocuments", "config" })
        {
            Assert.Equal(await CountAsync(Database, collection), await CountAsync(scratch, collection));
        }

        var (listStatus, listed) = await Send(HttpMethod.Get,
            $"{Database}/operations?filter=" + Uri.EscapeDataString($"metadata.@type=\"{FirestoreTypes.ExportMetadata}\""));
        Assert.Equal(200, listStatus);
        Assert.Contains(listed["operations"]!.AsArray(), o => (string?)o!["name"] == (string?)operation["name"]);
        Assert.All(listed["operations"]!.AsArray(), o => Assert.Equal(FirestoreTypes.ExportMetadata, (string?)o!["metadata"]!["@type"]));
    }

    [Fact]
    public async Task BucketOnlyUriGetsATimestampedPrefixAndMissingBucketFailsTheOperation()
    {
        var (_, operation) = await Send(HttpMethod.Post, $"{Database}:exportDocuments",
            new JsonObject { ["outputUriPrefix"] = $"gs://{DataApiEmulator.Project}-backups", ["collectionIds"] = new JsonArray("config") });
        var done = await emulator.WaitAsync("v1", operation);
        var prefix = (string)done["response"]!["outputUriPrefix"]!;
        Assert.Matches(@"^gs://jobfinder-staging-backups/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}_\d{5}$", prefix);
        Assert.Equal("4", (string?)done["metadata"]!["progressDocuments"]!["completedWork"]);

        var (_, failing) = await Send(HttpMethod.Post, $"{Database}:exportDocuments", new JsonObject { ["outputUriPrefix"] = "gs://emu-data-missing-bucket/x" });
        var failed = await emulator.WaitAsync("v1", failing);
        Assert.Equal(5, (int)failed["error"]!["code"]!);
        Assert.Null(failed["error"]!["status"]);
        Assert.Equal("FAILED", (string?)failed["metadata"]!["operationState"]);

        var (bad, error) = await Send(HttpMethod.Post, $"{Database}:exportDocuments", new JsonObject { ["outputUriPrefix"] = "s3://nope" });
        Assert.Equal(400, bad);
        Assert.Equal("INVALID_ARGUMENT", (string?)error["error"]!["status"]);
    }

    [Fact]
    public async Task IndexesCreateAsOperationThenReadyAndNameFieldAppended()
    {
        var group = $"{Database}/collectionGroups/emuDataJobs/indexes";
        var index = new JsonObject
        {
            ["queryScope"] = "COLLECTION",
            ["fields"] = new JsonArray(
                new JsonObject { ["fieldPath"] = "status", ["order"] = "ASCENDING" },
                new JsonObject { ["fieldPath"] = "postedAt", ["order"] = "DESCENDING" }),
        };
        var (status, operation) = await Send(HttpMethod.Post, group, index);
        Assert.Equal(200, status);
        var name = (string)operation["metadata"]!["index"]!;
        var (_, creating) = await Send(HttpMethod.Get, $"v1/{name}");
        Assert.Equal("CREATING", (string?)creating["state"]);
        Assert.Equal(new JsonObject { ["fieldPath"] = "__name__", ["order"] = "DESCENDING" }.ToJsonString(), creating["fields"]![2]!.ToJsonString());
        await emulator.WaitAsync("v1", operation);
        var (_, ready) = await Send(HttpMethod.Get, $"v1/{name}");
        Assert.Equal("READY", (string?)ready["state"]);
        Assert.Equal(409, (await Send(HttpMethod.Post, group, index)).Status);

        var (_, all) = await Send(HttpMethod.Get, $"{Database}/collectionGroups/-/indexes");
        Assert.Contains(all["indexes"]!.AsArray(), i => (string?)i!["name"] == name);
        Assert.Contains(all["indexes"]!.AsArray(), i => ((string)i!["name"]!).Contains("/collectionGroups/jobs/", StringComparison.Ordinal));

        var (invalid, error) = await Send(HttpMethod.Post, group, new JsonObject
        {
            ["queryScope"] = "COLLECTION",
            ["fields"] = new JsonArray(new JsonObject { ["fieldPath"] = "a", ["order"] = "ASCENDING", ["arrayConfig"] = "CONTAINS" }),
        });
        Assert.Equal(400, invalid);
        Assert.Equal("index.fields[0]", (string?)error["error"]!["details"]![0]!["fieldViolations"]![0]!["field"]);

        Assert.Equal(200, (await Send(HttpMethod.Delete, $"v1/{name}")).Status);
        Assert.Equal(404, (await Send(HttpMethod.Get, $"v1/{name}")).Status);
    }

    [Fact]
    public async Task FieldOverridesPatchListAndRemove()
    {
        var field = $"{Database}/collectionGroups/emuDataOrders/fields/createdAt";
        var (status, operation) = await Send(HttpMethod.Patch, field + "?updateMask=indexConfig,ttl_config", new JsonObject
        {
            ["indexConfig"] = new JsonObject
            {
                ["indexes"] = new JsonArray(new JsonObject
                {
                    ["queryScope"] = "COLLECTION",
                    ["fields"] = new JsonArray(new JsonObject { ["fieldPath"] = "createdAt", ["order"] = "ASCENDING" }),
                }),
            },
            ["ttlConfig"] = new JsonObject(),
        });
        Assert.Equal(200, status);
        Assert.Equal(FirestoreTypes.FieldMetadata, (string?)operation["metadata"]!["@type"]);
        var done = await emulator.WaitAsync("v1", operation);
        Assert.Equal("ACTIVE", (string?)done["response"]!["ttlConfig"]!["state"]);
        var (_, listed) = await Send(HttpMethod.Get, $"{Database}/collectionGroups/emuDataOrders/fields?filter=" + Uri.EscapeDataString("indexConfig.usesAncestorConfig=false OR ttlConfig:*"));
        Assert.Single(listed["fields"]!.AsArray());
        await emulator.WaitAsync("v1", (await Send(HttpMethod.Patch, field, new JsonObject())).Body);
        var (_, after) = await Send(HttpMethod.Get, field);
        Assert.True((bool)after["indexConfig"]!["usesAncestorConfig"]!);
    }

    [Fact]
    public async Task AdminSeedAddsDocumentsInBulk()
    {
        using var response = await emulator.Http.PostAsJsonAsync("_emulator/firestore/seed",
            new { project = DataApiEmulator.Project, database = "emu-data-seeded", collection = "bulk", count = 1234 });
        response.EnsureSuccessStatusCode();
        Assert.Equal(1234, await CountAsync($"v1/projects/{DataApiEmulator.Project}/databases/emu-data-seeded", "bulk"));
    }
}
