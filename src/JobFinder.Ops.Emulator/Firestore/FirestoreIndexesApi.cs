using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>Firestore Admin v1 composite indexes (list incl. <c>collectionGroups/-</c>, create as an LRO
/// CREATING → READY, get, delete) and single-field overrides (fields list/get/patch as an LRO).</summary>
internal sealed class FirestoreIndexesApi(FirestoreStore store, OperationStore operations, EmulatorContext context) : IEmulatorApi
{
    private const string Group = "v1/projects/{project}/databases/{database}/collectionGroups/{collectionGroup}";
    private static readonly string[] FieldKinds = ["order", "arrayConfig", "vectorConfig", "searchConfig"];
    private static readonly string[] QueryScopes = ["COLLECTION", "COLLECTION_GROUP", "COLLECTION_RECURSIVE"];

    public string Label => "firestore";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Group + "/indexes", (HttpContext c) => ListIndexes(c));
        routes.MapPost(Group + "/indexes", (Delegate)CreateIndexAsync);
        routes.MapGet(Group + "/indexes/{index}", (HttpContext c) => GetIndex(c));
        routes.MapDelete(Group + "/indexes/{index}", (HttpContext c) => DeleteIndex(c));
        routes.MapGet(Group + "/fields", (HttpContext c) => ListFields(c));
        routes.MapGet(Group + "/fields/{field}", (HttpContext c) => GetField(c));
        routes.MapPatch(Group + "/fields/{field}", (Delegate)PatchFieldAsync);
    }

    private IResult ListIndexes(HttpContext http)
    {
        var database = Database(http);
        var group = http.RouteString("collectionGroup");
        List<JsonObject> all;
        lock (database.Gate)
        {
            all = database.Indexes.Values
                .Where(i => group == "-" || i.CollectionGroup == group)
                .OrderBy(i => i.CollectionGroup, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal)
                .Select(i => i.ToResource(database.Name))
                .ToList();
        }
        var (page, next) = Paging.Page(all, http.Request, defaultPageSize: 1000);
        var body = new JsonObject { ["indexes"] = new JsonArray([.. page.Select(i => (JsonNode)i)]) };
        if (next is not null)
        {
            body["nextPageToken"] = next;
        }
        return GoogleJson.Result(body);
    }

    private async Task<IResult> CreateIndexAsync(HttpContext http)
    {
        var database = Database(http);
        var group = http.RouteString("collectionGroup");
        if (group == "-")
        {
            throw GoogleErrors.InvalidArgument("An index needs a collection group; '-' is only valid when listing.");
        }
        var definition = ValidateIndex(await http.Request.ReadJsonObjectAsync());
        FirestoreIndex index;
        lock (database.Gate)
        {
            if (database.Indexes.Values.Any(i => i.CollectionGroup == group && JsonNode.DeepEquals(i.Definition, definition)))
            {
                throw GoogleErrors.AlreadyExists("index already exists");
            }
            index = new FirestoreIndex { Id = NewIndexId(), CollectionGroup = group, Definition = definition };
            database.Indexes[index.Id] = index;
        }
        store.NotifyChanged();
        var indexName = index.ToResource(database.Name)["name"]!.GetValue<string>();
        var operation = operations.Create(new OperationRequest(database.Name, Label,
            new JsonObject
            {
                ["@type"] = FirestoreTypes.IndexMetadata,
                ["startTime"] = GoogleJson.Timestamp(store.Now),
                ["index"] = indexName,
                ["state"] = "PROCESSING",
            },
            FirestoreIndexBuildCompletion.KindName,
            new JsonObject { ["project"] = database.Project, ["database"] = database.DatabaseId, ["index"] = index.Id },
            context.Timings.IndexBuild));
        return GoogleJson.Result(operation.ToJson());
    }

    private IResult GetIndex(HttpContext http)
    {
        var database = Database(http);
        lock (database.Gate)
        {
            return GoogleJson.Result(FindIndex(http, database).ToResource(database.Name));
        }
    }

    private IResult DeleteIndex(HttpContext http)
    {
        var database = Database(http);
        lock (database.Gate)
        {
            database.Indexes.Remove(FindIndex(http, database).Id);
        }
        store.NotifyChanged();
        return GoogleJson.Result(new JsonObject());
    }

    /// <summary>Lists the explicit overrides (what <c>indexConfig.usesAncestorConfig=false OR ttlConfig:*</c> asks for).</summary>
    private IResult ListFields(HttpContext http)
    {
        var database = Database(http);
        var group = http.RouteString("collectionGroup");
        List<JsonObject> all;
        lock (database.Gate)
        {
            all = database.FieldOverrides
                .Where(f => group == "-" || f.Key.StartsWith(group + "/", StringComparison.Ordinal))
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => (JsonObject)f.Value.DeepClone())
                .ToList();
        }
        var (page, next) = Paging.Page(all, http.Request, defaultPageSize: 1000);
        var body = new JsonObject { ["fields"] = new JsonArray([.. page.Select(f => (JsonNode)f)]) };
        if (next is not null)
        {
            body["nextPageToken"] = next;
        }
        return GoogleJson.Result(body);
    }

    private IResult GetField(HttpContext http)
    {
        var database = Database(http);
        var (group, fieldPath) = (http.RouteString("collectionGroup"), http.RouteString("field"));
        lock (database.Gate)
        {
            return GoogleJson.Result(database.FieldOverrides.TryGetValue($"{group}/{fieldPath}", out var stored)
                ? (JsonObject)stored.DeepClone()
                : InheritedField(database, group, fieldPath));
        }
    }

    /// <summary>fields.patch: with no mask the body replaces the override (an empty body removes it, the
    /// firebase-tools way to delete one); with a mask only <c>indexConfig</c>/<c>ttlConfig</c> change.</summary>
    private async Task<IResult> PatchFieldAsync(HttpContext http)
    {
        var database = Database(http);
        var (group, fieldPath) = (http.RouteString("collectionGroup"), http.RouteString("field"));
        if (group == "-")
        {
            throw GoogleErrors.InvalidArgument("A field override needs a collection group.");
        }
        var body = await http.Request.ReadJsonObjectAsync();
        var mask = FieldMask.Parse(http.Request.Query["updateMask"].ToString());
        var name = $"{database.Name}/collectionGroups/{group}/fields/{fieldPath}";
        var key = $"{group}/{fieldPath}";
        lock (database.Gate)
        {
            var field = database.FieldOverrides.TryGetValue(key, out var current) ? (JsonObject)current.DeepClone() : new JsonObject { ["name"] = name };
            if (mask.IsEmpty)
            {
                field = new JsonObject { ["name"] = name };
                CopyConfig(body, field, "indexConfig");
                CopyConfig(body, field, "ttlConfig");
            }
            else
            {
                mask.Apply(field, body, ignored: ["name"], allowedRoots: ["indexConfig", "ttlConfig"]);
            }
            ValidateFieldIndexes(field);
            if (field["ttlConfig"] is JsonObject ttl)
            {
                ttl["state"] = "CREATING";
            }
            if (field.Count == 1)
            {
                database.FieldOverrides.Remove(key);
            }
            else
            {
                if (field["indexConfig"] is JsonObject config)
                {
                    config["usesAncestorConfig"] = false;
                }
                database.FieldOverrides[key] = field;
            }
        }
        store.NotifyChanged();
        var operation = operations.Create(new OperationRequest(database.Name, Label,
            new JsonObject
            {
                ["@type"] = FirestoreTypes.FieldMetadata,
                ["startTime"] = GoogleJson.Timestamp(store.Now),
                ["field"] = name,
                ["state"] = "PROCESSING",
            },
            FirestoreFieldUpdateCompletion.KindName,
            new JsonObject { ["project"] = database.Project, ["database"] = database.DatabaseId, ["key"] = key },
            context.Timings.IndexBuild));
        return GoogleJson.Result(operation.ToJson());
    }

    /// <summary>Checks an index definition and appends <c>__name__</c> in the direction of the last field,
    /// as the service does.</summary>
    internal static JsonObject ValidateIndex(JsonObject body)
    {
        var violations = new List<(string, string)>();
        var scope = (string?)body["queryScope"] ?? "COLLECTION";
        if (!QueryScopes.Contains(scope))
        {
            violations.Add(("index.query_scope", $"Invalid query scope '{scope}'."));
        }
        var fields = body["fields"] as JsonArray ?? [];
        if (fields.Count == 0)
        {
            violations.Add(("index.fields", "An index needs at least one field."));
        }
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i] as JsonObject ?? [];
            if ((string?)field["fieldPath"] is not { Length: > 0 })
            {
                violations.Add(($"index.fields[{i}].field_path", "fieldPath is required."));
            }
            if (FieldKinds.Count(k => field[k] is not null) != 1)
            {
                violations.Add(($"index.fields[{i}]", "Exactly one of order, arrayConfig, vectorConfig or searchConfig must be set."));
            }
            if ((string?)field["order"] is { } order && order is not ("ASCENDING" or "DESCENDING"))
            {
                violations.Add(($"index.fields[{i}].order", $"Invalid order '{order}'."));
            }
        }
        if (violations.Count > 0)
        {
            throw GoogleErrors.InvalidArgument("Invalid index definition: " + violations[0].Item2, violations);
        }
        var definition = new JsonObject
        {
            ["queryScope"] = scope,
            ["fields"] = fields.DeepClone(),
            ["apiScope"] = (string?)body["apiScope"] ?? "ANY_API",
            ["density"] = (string?)body["density"] ?? "SPARSE_ALL",
        };
        var list = definition["fields"]!.AsArray();
        if ((string?)list[^1]!["fieldPath"] != "__name__")
        {
            var direction = list.LastOrDefault(f => f?["order"] is not null)?["order"]?.GetValue<string>() ?? "ASCENDING";
            list.Add(new JsonObject { ["fieldPath"] = "__name__", ["order"] = direction });
        }
        if (body["multikey"] is JsonValue multikey)
        {
            definition["multikey"] = multikey.DeepClone();
        }
        return definition;
    }

    private static void ValidateFieldIndexes(JsonObject field)
    {
        var indexes = field["indexConfig"]?["indexes"] as JsonArray ?? [];
        for (var i = 0; i < indexes.Count; i++)
        {
            var index = indexes[i] as JsonObject ?? [];
            var scope = (string?)index["queryScope"] ?? "COLLECTION";
            var kinds = (index["fields"] as JsonArray ?? []).Select(f => f as JsonObject ?? [])
                .Append(index).Count(f => FieldKinds.Any(k => f[k] is not null));
            if (!QueryScopes.Contains(scope) || kinds == 0)
            {
                throw GoogleErrors.InvalidArgument("Invalid field override index: each needs a query scope and an order or arrayConfig.",
                    [($"field.index_config.indexes[{i}]", "needs queryScope and order or arrayConfig")]);
            }
        }
    }

    private static void CopyConfig(JsonObject from, JsonObject to, string key)
    {
        if (from[key] is JsonObject value)
        {
            to[key] = value.DeepClone();
        }
    }

    /// <summary>A field without an override inherits the database defaults (<c>__default__</c>).</summary>
    private static JsonObject InheritedField(FirestoreDatabase database, string group, string fieldPath)
    {
        JsonObject Single(string scope, string kind, string value) => new()
        {
            ["queryScope"] = scope,
            ["fields"] = new JsonArray(new JsonObject { ["fieldPath"] = fieldPath, [kind] = value }),
            ["state"] = "READY",
        };
        return new JsonObject
        {
            ["name"] = $"{database.Name}/collectionGroups/{group}/fields/{fieldPath}",
            ["indexConfig"] = new JsonObject
            {
                ["indexes"] = new JsonArray(Single("COLLECTION", "order", "ASCENDING"), Single("COLLECTION", "order", "DESCENDING"),
                    Single("COLLECTION", "arrayConfig", "CONTAINS")),
                ["usesAncestorConfig"] = true,
                ["ancestorField"] = $"{database.Name}/collectionGroups/__default__/fields/*",
            },
        };
    }

    private FirestoreDatabase Database(HttpContext http) => store.GetDatabase(http.RouteString("project"), http.RouteString("database"));

    private static FirestoreIndex FindIndex(HttpContext http, FirestoreDatabase database)
    {
        var id = http.RouteString("index");
        var group = http.RouteString("collectionGroup");
        return database.Indexes.TryGetValue(id, out var index) && (group == "-" || index.CollectionGroup == group)
            ? index
            : throw GoogleErrors.NotFound($"index {database.Name}/collectionGroups/{group}/indexes/{id} not found");
    }

    /// <summary>Ids shaped like Google's (base64-ish, starting "CICAg").</summary>
    private static string NewIndexId() =>
        "CICAg" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)).Replace('+', 'J').Replace('/', 'Q');
}
