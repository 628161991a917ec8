using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Firestore;

namespace JobFinder.Ops.Emulator.Behaviors;

/// <summary><c>manageContentItems</c>: <c>{action:"list"}</c> (anyone) returns <c>{success, items}</c> ordered by
/// <c>order</c>; <c>create</c>/<c>update</c>/<c>delete</c> need a signed-in user and act on
/// <c>contentItems</c>.</summary>
internal sealed class ManageContentItemsBehavior(FirestoreStore firestore) : CallableBehavior(firestore)
{
    private const string Collection = "contentItems";
    private static readonly string[] Types = ["experience", "project", "skill", "education", "summary"];

    public override string EntryPoint => "manageContentItems";

    protected override Task<JsonNode> CallAsync(CallableRequest request)
    {
        var action = request.RequiredString("action", maxLength: 20);
        JsonNode result = action switch
        {
            // Same shape as the example backend's functions/index.js: the list is under "items".
            "list" => new JsonObject { ["success"] = true, ["items"] = List(request.Database) },
            "create" => Create(request),
            "update" => Update(request),
            "delete" => Delete(request),
            _ => throw CallableException.InvalidArgument($"Unknown action '{action}': expected list, create, update or delete."),
        };
        return Task.FromResult(result);
    }

    private static JsonArray List(FirestoreDatabase database) =>
        new([.. database.Query(string.Empty, Collection, allDescendants: false)
            .Select(Plain)
            .OrderBy(i => i["order"] is JsonValue v && v.TryGetValue<long>(out var o) ? o : long.MaxValue)
            .ThenBy(i => (string?)i["id"], StringComparer.Ordinal)]);

    private JsonObject Create(CallableRequest request)
    {
        request.RequireUser();
        var item = Item(request, requireAll: true);
        var id = FirestoreDocumentsApi.NewDocumentId();
        var document = request.Database.Put($"{Collection}/{id}", _ => FirestoreValues.TypedFields(item), Firestore.Now, mustExist: false);
        Firestore.NotifyChanged();
        return new JsonObject { ["success"] = true, ["data"] = Plain(document) };
    }

    private JsonObject Update(CallableRequest request)
    {
        request.RequireUser();
        var id = request.RequiredString("id", maxLength: 200);
        var changes = FirestoreValues.TypedFields(Item(request, requireAll: false));
        var document = request.Database.Put($"{Collection}/{id}", current =>
        {
            var fields = current!.Fields();
            foreach (var (key, value) in changes)
            {
                fields[key] = value?.DeepClone();
            }
            return fields;
        }, Firestore.Now, mustExist: true);
        Firestore.NotifyChanged();
        return new JsonObject { ["success"] = true, ["data"] = Plain(document) };
    }

    private JsonObject Delete(CallableRequest request)
    {
        request.RequireUser();
        var id = request.RequiredString("id", maxLength: 200);
        request.Database.Delete($"{Collection}/{id}", mustExist: true);
        Firestore.NotifyChanged();
        return new JsonObject { ["success"] = true, ["id"] = id };
    }

    /// <summary>The item's fields from <c>data.item</c>: type (known kinds), title, body, order, visible.</summary>
    private static JsonObject Item(CallableRequest request, bool requireAll)
    {
        if (request.Data?["item"] is not JsonObject item)
        {
            throw CallableException.InvalidArgument("'item' is required.");
        }
        var result = new JsonObject();
        if ((string?)item["type"] is { } type)
        {
            result["type"] = Types.Contains(type) ? type : throw CallableException.InvalidArgument($"'item.type' must be one of {string.Join(", ", Types)}.");
        }
        if ((string?)item["title"] is { Length: > 0 } title)
        {
            result["title"] = title.Length <= 200 ? title : throw CallableException.InvalidArgument("'item.title' is longer than 200 characters.");
        }
        if ((string?)item["body"] is { } body)
        {
            result["body"] = body;
        }
        if (item["order"] is JsonValue order)
        {
            result["order"] = order.TryGetValue<long>(out var o) ? o : throw CallableException.InvalidArgument("'item.order' must be an integer.");
        }
        if (item["visible"] is JsonValue visible)
        {
            result["visible"] = visible.TryGetValue<bool>(out var v) ? v : throw CallableException.InvalidArgument("'item.visible' must be true or false.");
        }
        if (requireAll && (result["type"] is null || result["title"] is null))
        {
            throw CallableException.InvalidArgument("'item.type' and 'item.title' are required.");
        }
        return result;
    }
}
