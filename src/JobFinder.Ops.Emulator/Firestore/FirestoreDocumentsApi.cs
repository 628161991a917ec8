using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>Firestore documents REST (v1): get/list, patch (with <c>updateMask.fieldPaths</c> and
/// <c>currentDocument.exists</c>), createDocument, delete, <c>:listCollectionIds</c> and the count
/// aggregation of <c>:runAggregationQuery</c> that backup verification uses.</summary>
internal sealed class FirestoreDocumentsApi(FirestoreStore store) : IEmulatorApi
{
    private const string Root = "v1/projects/{project}/databases/{database}/documents";

    public string Label => "firestore";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Root + "/{**path}", (HttpContext c) => GetOrList(c));
        routes.MapPatch(Root + "/{**path}", (Delegate)PatchAsync);
        routes.MapDelete(Root + "/{**path}", (HttpContext c) => Delete(c));
        routes.MapPost(Root + ":runAggregationQuery", (Delegate)((HttpContext c) => RunVerbAsync(c, string.Empty, "runAggregationQuery"))).ReadStyleCall();
        routes.MapPost(Root + ":listCollectionIds", (Delegate)((HttpContext c) => RunVerbAsync(c, string.Empty, "listCollectionIds"))).ReadStyleCall();
        routes.MapPost(Root + "/{**path}", (Delegate)PostAsync);
    }

    private IResult GetOrList(HttpContext http)
    {
        var database = Database(http);
        var path = http.RouteString("path").Trim('/');
        if (path.Split('/').Length % 2 == 0)
        {
            FirestoreStore.ValidateDocumentPath(path);
            return GoogleJson.Result(Resource(database, database.Get(path)));
        }
        var slash = path.LastIndexOf('/');
        var documents = database.Query(slash < 0 ? string.Empty : path[..slash], path[(slash + 1)..], allDescendants: false);
        var (page, next) = Paging.Page(documents, http.Request, defaultPageSize: 300, maxPageSize: 1000);
        var body = new JsonObject { ["documents"] = new JsonArray([.. page.Select(d => Resource(database, d))]) };
        if (next is not null)
        {
            body["nextPageToken"] = next;
        }
        return GoogleJson.Result(body);
    }

    private async Task<IResult> PatchAsync(HttpContext http)
    {
        var database = Database(http);
        var path = http.RouteString("path").Trim('/');
        FirestoreStore.ValidateDocumentPath(path);
        var body = await http.Request.ReadJsonObjectAsync();
        var incoming = body["fields"] as JsonObject ?? [];
        var mask = http.Request.Query["updateMask.fieldPaths"].Select(p => p!).ToList();
        var document = database.Put(path, current =>
        {
            if (mask.Count == 0)
            {
                return (JsonObject)incoming.DeepClone();
            }
            var fields = current?.Fields() ?? [];
            foreach (var fieldPath in mask)
            {
                SetField(fields, fieldPath, FieldOf(incoming, fieldPath)?.DeepClone());
            }
            return fields;
        }, store.Now, CurrentDocumentExists(http));
        store.NotifyChanged();
        return GoogleJson.Result(Resource(database, document));
    }

    private IResult Delete(HttpContext http)
    {
        var database = Database(http);
        var path = http.RouteString("path").Trim('/');
        FirestoreStore.ValidateDocumentPath(path);
        database.Delete(path, CurrentDocumentExists(http));
        store.NotifyChanged();
        return GoogleJson.Result(new JsonObject());
    }

    /// <summary>POST under a document or collection path: <c>doc:verb</c> or createDocument on a collection.</summary>
    private async Task<IResult> PostAsync(HttpContext http)
    {
        var path = http.RouteString("path").Trim('/');
        var colon = path.LastIndexOf(':');
        if (colon > path.LastIndexOf('/'))
        {
            return await RunVerbAsync(http, path[..colon], path[(colon + 1)..]);
        }
        var database = Database(http);
        if (path.Split('/').Length % 2 == 0)
        {
            throw GoogleErrors.InvalidArgument($"\"{path}\" is a document path; createDocument needs a collection path.");
        }
        var documentId = http.Request.Query["documentId"].ToString();
        if (documentId.Length == 0)
        {
            documentId = NewDocumentId();
        }
        var fullPath = path + "/" + documentId;
        FirestoreStore.ValidateDocumentPath(fullPath);
        var fields = (await http.Request.ReadJsonObjectAsync())["fields"] as JsonObject ?? [];
        var document = database.Put(fullPath, _ => (JsonObject)fields.DeepClone(), store.Now, mustExist: false);
        store.NotifyChanged();
        return GoogleJson.Result(Resource(database, document));
    }

    private async Task<IResult> RunVerbAsync(HttpContext http, string parent, string verb)
    {
        var database = Database(http);
        if (parent.Length > 0)
        {
            FirestoreStore.ValidateDocumentPath(parent);
        }
        var body = await http.Request.ReadJsonObjectAsync();
        return verb switch
        {
            "runAggregationQuery" => GoogleJson.Result(Count(database, parent, body)),
            "listCollectionIds" => ListCollectionIds(database, parent, body),
            _ => throw new GoogleApiException(RpcCode.Unimplemented, $"Method :{verb} is not implemented by the emulator."),
        };
    }

    private IResult ListCollectionIds(FirestoreDatabase database, string parent, JsonObject body)
    {
        var ids = database.CollectionIds(parent);
        var requested = GoogleJson.ReadInt64(body["pageSize"]) ?? 0;
        var size = requested > 0 ? (int)Math.Min(requested, ids.Count) : ids.Count;
        var offset = body["pageToken"] is JsonValue token && int.TryParse((string?)token, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var page = ids.Skip(offset).Take(size).ToList();
        var result = new JsonObject { ["collectionIds"] = new JsonArray([.. page.Select(i => (JsonNode)i)]) };
        if (offset + page.Count < ids.Count)
        {
            result["nextPageToken"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
        }
        return GoogleJson.Result(result);
    }

    /// <summary>The count aggregation (one result, streamed-response form: a JSON array of responses).</summary>
    private JsonArray Count(FirestoreDatabase database, string parent, JsonObject body)
    {
        var aggregation = body["structuredAggregationQuery"] as JsonObject
            ?? throw GoogleErrors.InvalidArgument("structuredAggregationQuery is required.", [("structured_aggregation_query", "required")]);
        var query = aggregation["structuredQuery"] as JsonObject ?? [];
        if (query["where"] is not null || query["orderBy"] is not null || query["startAt"] is not null)
        {
            throw new GoogleApiException(RpcCode.Unimplemented, "The emulator counts whole collections only (no where/orderBy/cursors).");
        }
        var from = query["from"] as JsonArray;
        if (from is not { Count: 1 } || (string?)from[0]?["collectionId"] is not { Length: > 0 } collectionId)
        {
            throw GoogleErrors.InvalidArgument("structuredQuery.from must name exactly one collection.", [("structured_query.from", "exactly one collection selector")]);
        }
        var allDescendants = from[0]?["allDescendants"]?.GetValue<bool>() ?? false;
        long count = database.Query(parent, collectionId, allDescendants).Count;
        if (GoogleJson.ReadInt64(query["limit"] is JsonObject limit ? limit["value"] : query["limit"]) is { } queryLimit)
        {
            count = Math.Min(count, queryLimit);
        }
        var fields = new JsonObject();
        var aggregations = aggregation["aggregations"] as JsonArray ?? [];
        foreach (var (item, index) in aggregations.Select((a, i) => (a as JsonObject ?? [], i)))
        {
            if (item["count"] is not JsonObject countSpec)
            {
                throw new GoogleApiException(RpcCode.Unimplemented, "The emulator supports the count aggregation only.");
            }
            var value = GoogleJson.ReadInt64(countSpec["upTo"]) is { } upTo ? Math.Min(count, upTo) : count;
            fields[(string?)item["alias"] ?? $"field_{index + 1}"] = FirestoreValues.Integer(value);
        }
        return new JsonArray(new JsonObject
        {
            ["result"] = new JsonObject { ["aggregateFields"] = fields },
            ["readTime"] = GoogleJson.Timestamp(store.Now),
        });
    }

    private FirestoreDatabase Database(HttpContext http) => store.GetDatabase(http.RouteString("project"), http.RouteString("database"));

    private static bool? CurrentDocumentExists(HttpContext http) =>
        http.Request.Query["currentDocument.exists"].ToString() switch
        {
            "true" => true,
            "false" => false,
            "" => null,
            var other => throw GoogleErrors.InvalidArgument($"Invalid value for currentDocument.exists: {other}"),
        };

    public static JsonObject Resource(FirestoreDatabase database, FirestoreDocument document) => new()
    {
        ["name"] = $"{database.DocumentsRoot}/{document.Path}",
        ["fields"] = document.Fields(),
        ["createTime"] = FirestoreValues.FormatTimestamp(document.CreateTime),
        ["updateTime"] = FirestoreValues.FormatTimestamp(document.UpdateTime),
    };

    /// <summary>Field paths are dotted through map values (<c>address.city</c>).</summary>
    private static JsonNode? FieldOf(JsonObject fields, string fieldPath)
    {
        var segments = fieldPath.Split('.');
        JsonNode? current = fields[segments[0]];
        foreach (var segment in segments.Skip(1))
        {
            current = current?["mapValue"]?["fields"]?[segment];
        }
        return current;
    }

    private static void SetField(JsonObject fields, string fieldPath, JsonNode? value)
    {
        var segments = fieldPath.Split('.');
        var target = fields;
        foreach (var segment in segments[..^1])
        {
            if (target[segment]?["mapValue"]?["fields"] is not JsonObject inner)
            {
                inner = [];
                target[segment] = FirestoreValues.Map(inner);
            }
            target = inner;
        }
        if (value is null)
        {
            target.Remove(segments[^1]);
        }
        else
        {
            target[segments[^1]] = value;
        }
    }

    /// <summary>20 characters from Firestore's auto-id alphabet.</summary>
    public static string NewDocumentId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return new string(System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 20));
    }
}
