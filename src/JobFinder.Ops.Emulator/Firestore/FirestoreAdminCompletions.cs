using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>databases.create finishes by creating the (empty) database.</summary>
internal sealed class FirestoreCreateDatabaseCompletion(FirestoreStore store) : IOperationCompletion
{
    public const string KindName = "firestore.createDatabase";

    public string Kind => KindName;

    public JsonNode Complete(OperationRecord operation)
    {
        var args = operation.CompletionArgs;
        var database = store.CreateDatabase((string)args["project"]!, (string)args["database"]!, (JsonObject)args["settings"]!.DeepClone());
        var response = database.ToResource();
        response.Insert(0, "@type", FirestoreTypes.Database);
        return response;
    }
}

/// <summary>databases.delete removes the database when the request is accepted; the operation reports it.</summary>
internal sealed class FirestoreDeleteDatabaseCompletion : IOperationCompletion
{
    public const string KindName = "firestore.deleteDatabase";

    public string Kind => KindName;

    public JsonNode Complete(OperationRecord operation) => operation.CompletionArgs["database"]!.DeepClone();
}

/// <summary>indexes.create: the index exists (CREATING) from the request on and becomes READY here.</summary>
internal sealed class FirestoreIndexBuildCompletion(FirestoreStore store) : IOperationCompletion
{
    public const string KindName = "firestore.buildIndex";

    public string Kind => KindName;

    public JsonNode Complete(OperationRecord operation)
    {
        var (database, index) = Find(operation);
        if (index is null)
        {
            throw GoogleErrors.NotFound("The index was deleted while it was being built.");
        }
        lock (database.Gate)
        {
            index.State = "READY";
        }
        store.NotifyChanged();
        var metadata = (JsonObject)operation.Metadata.DeepClone();
        metadata["state"] = "SUCCESSFUL";
        metadata["endTime"] = GoogleJson.Timestamp(store.Now);
        operation.Metadata = metadata;
        var response = index.ToResource(database.Name);
        response.Insert(0, "@type", FirestoreTypes.Index);
        return response;
    }

    public void Fail(OperationRecord operation, JsonObject error)
    {
        var (database, index) = Find(operation);
        if (index is not null)
        {
            lock (database.Gate)
            {
                index.State = "NEEDS_REPAIR";
            }
            store.NotifyChanged();
        }
        var metadata = (JsonObject)operation.Metadata.DeepClone();
        metadata["state"] = "FAILED";
        metadata["endTime"] = GoogleJson.Timestamp(store.Now);
        operation.Metadata = metadata;
    }

    private (FirestoreDatabase Database, FirestoreIndex? Index) Find(OperationRecord operation)
    {
        var args = operation.CompletionArgs;
        var database = store.GetDatabase((string)args["project"]!, (string)args["database"]!);
        lock (database.Gate)
        {
            return (database, database.Indexes.GetValueOrDefault((string)args["index"]!));
        }
    }
}

/// <summary>fields.patch: the override is stored at the request; the operation reports the Field and
/// turns a TTL policy from CREATING to ACTIVE.</summary>
internal sealed class FirestoreFieldUpdateCompletion(FirestoreStore store) : IOperationCompletion
{
    public const string KindName = "firestore.updateField";

    public string Kind => KindName;

    public JsonNode Complete(OperationRecord operation)
    {
        var args = operation.CompletionArgs;
        var database = store.GetDatabase((string)args["project"]!, (string)args["database"]!);
        JsonObject field;
        lock (database.Gate)
        {
            if (database.FieldOverrides.TryGetValue((string)args["key"]!, out var stored))
            {
                if (stored["ttlConfig"] is JsonObject ttl)
                {
                    ttl["state"] = "ACTIVE";
                }
                field = (JsonObject)stored.DeepClone();
            }
            else
            {
                field = new JsonObject { ["name"] = operation.Metadata["field"]?.DeepClone() };
            }
        }
        store.NotifyChanged();
        var metadata = (JsonObject)operation.Metadata.DeepClone();
        metadata["state"] = "SUCCESSFUL";
        metadata["endTime"] = GoogleJson.Timestamp(store.Now);
        operation.Metadata = metadata;
        field.Insert(0, "@type", FirestoreTypes.Field);
        return field;
    }
}
