using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>Firestore Admin v1: databases list/get/create/delete, exportDocuments/importDocuments and
/// the database's operations (get, list with <c>metadata.@type</c> filter, cancel).</summary>
internal sealed class FirestoreAdminApi(FirestoreStore store, OperationStore operations, EmulatorContext context) : IEmulatorApi
{
    private const string Databases = "v1/projects/{project}/databases";
    private const string Database = Databases + "/{database}";

    public string Label => "firestore";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Databases, (HttpContext c) => ListDatabases(c));
        routes.MapPost(Databases, (Delegate)CreateDatabaseAsync);
        routes.MapGet(Database, (HttpContext c) => GoogleJson.Result(Find(c).ToResource()));
        routes.MapDelete(Database, (HttpContext c) => DeleteDatabase(c));
        routes.MapPost(Database + ":exportDocuments", (Delegate)ExportAsync);
        routes.MapPost(Database + ":importDocuments", (Delegate)ImportAsync);
        routes.MapGet(Database + "/operations", (HttpContext c) => ListOperations(c));
        routes.MapGet(Database + "/operations/{operation}", (HttpContext c) => GoogleJson.Result(operations.GetJson(OperationName(c))));
        routes.MapPost(Database + "/operations/{operation}:cancel", (HttpContext c) =>
        {
            operations.Cancel(OperationName(c));
            return GoogleJson.Result(new JsonObject());
        });
    }

    private IResult ListDatabases(HttpContext http) =>
        GoogleJson.Result(new JsonObject
        {
            ["databases"] = new JsonArray([.. store.ListDatabases(http.RouteString("project")).Select(d => (JsonNode)d.ToResource())]),
        });

    private async Task<IResult> CreateDatabaseAsync(HttpContext http)
    {
        var project = http.RouteString("project");
        var databaseId = http.Request.Query["databaseId"].ToString();
        if (databaseId.Length == 0)
        {
            throw GoogleErrors.InvalidArgument("database_id is required.", [("database_id", "required")]);
        }
        FirestoreStore.ValidateDatabaseId(databaseId);
        if (store.FindDatabase(project, databaseId) is not null)
        {
            throw GoogleErrors.AlreadyExists($"Database '{databaseId}' already exists for project {project}.");
        }
        var body = await http.Request.ReadJsonObjectAsync();
        var settings = new JsonObject();
        foreach (var key in new[] { "locationId", "type", "deleteProtectionState", "pointInTimeRecoveryEnablement", "concurrencyMode", "databaseEdition" })
        {
            if (body[key] is { } value)
            {
                settings[key] = value.DeepClone();
            }
        }
        var operation = operations.Create(new OperationRequest(
            $"projects/{project}/databases/{databaseId}", Label,
            new JsonObject { ["@type"] = FirestoreTypes.CreateDatabaseMetadata },
            FirestoreCreateDatabaseCompletion.KindName,
            new JsonObject { ["project"] = project, ["database"] = databaseId, ["settings"] = settings }));
        return GoogleJson.Result(operation.ToJson());
    }

    private IResult DeleteDatabase(HttpContext http)
    {
        var deleted = store.DeleteDatabase(http.RouteString("project"), http.RouteString("database"), http.Request.Query["etag"].ToString());
        var resource = deleted.ToResource();
        resource["deleteTime"] = GoogleJson.Timestamp(store.Now);
        resource.Insert(0, "@type", FirestoreTypes.Database);
        var operation = operations.Create(new OperationRequest(deleted.Name, Label,
            new JsonObject { ["@type"] = FirestoreTypes.DeleteDatabaseMetadata },
            FirestoreDeleteDatabaseCompletion.KindName, new JsonObject { ["database"] = resource }));
        return GoogleJson.Result(operation.ToJson());
    }

    private async Task<IResult> ExportAsync(HttpContext http)
    {
        var database = Find(http);
        var body = await http.Request.ReadJsonObjectAsync();
        var (bucket, prefix) = FirestoreExportFormat.ParseGcsUri((string?)body["outputUriPrefix"], "output_uri_prefix");
        var start = store.Now;
        if (prefix.Length == 0)
        {
            prefix = FirestoreExportFormat.GeneratedPrefix(start);
        }
        var collectionIds = CollectionIds(body);
        var wanted = collectionIds.Select(c => (string)c!).ToHashSet(StringComparer.Ordinal);
        var estimate = database.Snapshot(d => wanted.Count == 0 || wanted.Contains(d.CollectionId));
        var metadata = TransferMetadata(FirestoreTypes.ExportMetadata, start, collectionIds, body,
            estimate.Count, estimate.Sum(d => (long)d.FieldsJson.Length));
        metadata["outputUriPrefix"] = $"gs://{bucket}/{prefix}";
        var operation = operations.Create(new OperationRequest(database.Name, Label, metadata, FirestoreExportCompletion.KindName,
            TransferArgs(database, bucket, prefix, collectionIds), context.Timings.Export));
        return GoogleJson.Result(operation.ToJson());
    }

    private async Task<IResult> ImportAsync(HttpContext http)
    {
        var database = Find(http);
        var body = await http.Request.ReadJsonObjectAsync();
        var (bucket, prefix) = FirestoreExportFormat.ParseGcsUri((string?)body["inputUriPrefix"], "input_uri_prefix");
        var collectionIds = CollectionIds(body);
        var metadata = TransferMetadata(FirestoreTypes.ImportMetadata, store.Now, collectionIds, body, 0, 0);
        metadata["inputUriPrefix"] = $"gs://{bucket}/{prefix}".TrimEnd('/');
        var operation = operations.Create(new OperationRequest(database.Name, Label, metadata, FirestoreImportCompletion.KindName,
            TransferArgs(database, bucket, prefix, collectionIds), context.Timings.Export));
        return GoogleJson.Result(operation.ToJson());
    }

    private IResult ListOperations(HttpContext http)
    {
        var database = Find(http);
        var all = operations.List(database.Name, http.Request.Query["filter"].ToString());
        var (page, next) = Paging.Page(all, http.Request, defaultPageSize: 100);
        var body = new JsonObject { ["operations"] = new JsonArray([.. page.Select(o => (JsonNode)o.DeepClone())]) };
        if (next is not null)
        {
            body["nextPageToken"] = next;
        }
        return GoogleJson.Result(body);
    }

    private static JsonObject TransferMetadata(string type, DateTimeOffset start, JsonArray collectionIds, JsonObject body, long documents, long bytes)
    {
        var metadata = new JsonObject
        {
            ["@type"] = type,
            ["startTime"] = GoogleJson.Timestamp(start),
            ["operationState"] = "INITIALIZING",
            ["progressDocuments"] = new JsonObject { ["completedWork"] = "0", ["estimatedWork"] = GoogleJson.Int64(documents) },
            ["progressBytes"] = new JsonObject { ["completedWork"] = "0", ["estimatedWork"] = GoogleJson.Int64(bytes) },
        };
        if (collectionIds.Count > 0)
        {
            metadata["collectionIds"] = collectionIds.DeepClone();
        }
        if (body["namespaceIds"] is JsonArray { Count: > 0 } namespaces)
        {
            metadata["namespaceIds"] = namespaces.DeepClone();
        }
        return metadata;
    }

    private static JsonObject TransferArgs(FirestoreDatabase database, string bucket, string prefix, JsonArray collectionIds) => new()
    {
        ["project"] = database.Project,
        ["database"] = database.DatabaseId,
        ["bucket"] = bucket,
        ["prefix"] = prefix,
        ["collectionIds"] = collectionIds.DeepClone(),
    };

    private static JsonArray CollectionIds(JsonObject body)
    {
        var ids = body["collectionIds"] as JsonArray ?? [];
        if (ids.Any(id => id is not JsonValue v || !v.TryGetValue<string>(out var s) || s.Length == 0 || s.Contains('/')))
        {
            throw GoogleErrors.InvalidArgument("collection_ids must be collection ids.", [("collection_ids", "invalid collection id")]);
        }
        return ids;
    }

    private FirestoreDatabase Find(HttpContext http) => store.GetDatabase(http.RouteString("project"), http.RouteString("database"));

    private static string OperationName(HttpContext http) =>
        $"projects/{http.RouteString("project")}/databases/{http.RouteString("database")}/operations/{http.RouteString("operation")}";
}
